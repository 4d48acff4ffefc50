package gathering

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/facilitator"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Co-hosts: the other co-ops a gathering names (input.GatheringInput's
// co_hosts). Each is looked up before the change's transaction (it may
// take seconds), credited among the gathering Event's organizers and
// addressed in its cc (event.Gathering), so that every Create, Update and
// Delete of it reaches their servers (sendEvent); each is told once, in a
// direct note, when it is first named in a public gathering. One removed
// gets the Update without it, so its server stops listing the gathering.

// resolveCoHosts looks up the co-hosts in names (nil: unchanged, returned
// as nil) for a gathering of actor whose co-hosts are known now.
func (gs *Service) resolveCoHosts(ctx context.Context, actor model.Actor, names *[]string, known []model.CoHost) (*[]model.CoHost, []facilitator.Warning, error) {
	if names == nil {
		return nil, nil, nil
	}
	hosts, warnings, err := gs.facilitators.ResolveCoHosts(ctx, "co_hosts", *names, gs.urls.Actor(actor.Handle), known)
	if err != nil {
		return nil, nil, err
	}
	if hosts == nil {
		hosts = []model.CoHost{}
	}
	return &hosts, warnings, nil
}

// coHostsOfPatch looks up the co-hosts a patch of gathering id names, if
// it names any, once the caller is known to be allowed to change it.
func (gs *Service) coHostsOfPatch(ctx context.Context, id int64, patch []byte) (*[]model.CoHost, []facilitator.Warning, error) {
	var named struct {
		CoHosts *[]string `json:"co_hosts"`
	}
	if json.Unmarshal(patch, &named) != nil || named.CoHosts == nil {
		return nil, nil, nil // the strict decoding says what is wrong
	}
	return gs.coHostsOf(ctx, id, named.CoHosts)
}

// coHostsOf is resolveCoHosts for the saved gathering id.
func (gs *Service) coHostsOf(ctx context.Context, id int64, names *[]string) (*[]model.CoHost, []facilitator.Warning, error) {
	if names == nil {
		return nil, nil, nil
	}
	d, err := gs.gatheringDetail(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := gs.acct.Authorize(ctx, d.Actor, account.Write); err != nil {
		return nil, nil, err
	}
	return gs.resolveCoHosts(ctx, d.Actor, names, d.Gathering.CoHosts)
}

// coHostNames are hosts as the API and the editor write them.
func coHostNames(hosts []model.CoHost) []string {
	out := make([]string, 0, len(hosts))
	for _, h := range hosts {
		out = append(out, h.Handle)
	}
	return out
}

// coHostChanges are the found co-hosts after has that before had not
// (added), and those before had that after has not (removed).
func coHostChanges(before, after []model.CoHost) (added, removed []model.CoHost) {
	in := func(list []model.CoHost, h model.CoHost) bool {
		for _, o := range list {
			if strings.EqualFold(o.Handle, h.Handle) || (h.ActorURI != "" && o.ActorURI == h.ActorURI) {
				return true
			}
		}
		return false
	}
	for _, h := range after {
		if !in(before, h) {
			added = append(added, h)
		}
	}
	for _, h := range before {
		if !in(after, h) {
			removed = append(removed, h)
		}
	}
	return added, removed
}

// foundCoHosts keeps the co-hosts that were found: only they can be credited,
// sent to and told.
func foundCoHosts(hosts []model.CoHost) []model.CoHost {
	var out []model.CoHost
	for _, h := range hosts {
		if h.ActorURI != "" && h.Lookup == model.LookupDone {
			out = append(out, h)
		}
	}
	return out
}

// actorInboxes are where to deliver to the actors uris, as we know them
// (a co-host is fetched when found); one unknown is left out.
func actorInboxes(ctx context.Context, q store.Queries, uris []string) ([]string, error) {
	var out []string
	for _, uri := range uris {
		r, err := q.RemoteActorGetByURI(ctx, uri)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if in := r.DeliveryInbox(); in != "" {
			out = append(out, in)
		}
	}
	return out, nil
}

// coHostInboxes are the inboxes of the found co-hosts among hosts.
func coHostInboxes(ctx context.Context, q store.Queries, hosts []model.CoHost) ([]string, error) {
	var uris []string
	for _, h := range foundCoHosts(hosts) {
		uris = append(uris, h.ActorURI)
	}
	return actorInboxes(ctx, q, uris)
}

// tellCoHosts sends each found co-host of hosts a direct note, mentioning
// it, saying that the gathering e names it as a co-host: Mastodon shows
// it as a notification. (A Gather co-host reads the Event itself; the
// note says nothing of coming, so it is not read as an answer.)
func (gs *Service) tellCoHosts(ctx context.Context, tx store.Tx, actor model.Actor, e asevent.Event, hosts []model.CoHost) error {
	us := gs.urls.Actor(actor.Handle)
	for _, h := range foundCoHosts(hosts) {
		inboxes, err := actorInboxes(ctx, tx, []string{h.ActorURI})
		if err != nil {
			return err
		}
		if len(inboxes) == 0 {
			continue // forgotten since: nowhere to send it
		}
		now := gs.now().UTC()
		activityID := gs.urls.NewActivity()
		note := federation.Note{
			ID: e.ID + "/notes/" + strings.TrimPrefix(activityID, gs.urls.Base+"/activities/"), AttributedTo: us,
			Audience: federation.Audience{To: []string{h.ActorURI}},
			Mentions: []federation.Mention{{Href: h.ActorURI, Name: h.Handle, ProfileURL: h.ProfileURL}},
			Text: fmt.Sprintf("You are named as a co-host of %s (%s), with @%s@%s: it credits you among its organisers.",
				e.Name, asevent.EventWhen(e), actor.Handle, gs.urls.Host()),
			Link:      &federation.Link{Href: e.URL},
			Published: now,
		}
		doc, err := federation.NoteJSON(note)
		if err != nil {
			return err
		}
		create, err := federation.Create(activityID, us, doc, note.Audience)
		if err != nil {
			return err
		}
		err = gs.fed.Send(ctx, tx, &model.OutboxActivity{URI: activityID, ActorID: actor.ID, Type: "Create", ObjectURI: note.ID,
			Raw: create, CreatedAt: now.Truncate(time.Second)}, inboxes)
		if err != nil {
			return fmt.Errorf("tell co-host %s: %w", h.Handle, err)
		}
	}
	return nil
}

// setCoHosts saves hosts (when given) as g's co-hosts, in the change's
// transaction.
func setCoHosts(ctx context.Context, tx store.Tx, g *model.Gathering, hosts *[]model.CoHost) error {
	if hosts == nil {
		return nil
	}
	g.CoHosts = *hosts
	if err := tx.CoHostsSet(ctx, g.ID, *hosts); err != nil {
		return err
	}
	return facilitator.EnqueueCoHosts(ctx, tx, g.ID, *hosts)
}

// auditCoHosts records each co-host added and removed by a change.
func (gs *Service) auditCoHosts(ctx context.Context, tx store.Tx, coop *model.Actor, target string, before, after []model.CoHost) error {
	added, removed := coHostChanges(before, after)
	for _, h := range added {
		if err := gs.acct.Audit(ctx, tx, coop, account.AuditCoHostAdd, target, h.Handle); err != nil {
			return err
		}
	}
	for _, h := range removed {
		if err := gs.acct.Audit(ctx, tx, coop, account.AuditCoHostRemove, target, h.Handle); err != nil {
			return err
		}
	}
	return nil
}
