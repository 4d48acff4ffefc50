package facilitator

import (
	"context"
	"fmt"
	"strings"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/model"
)

// MaxCoHosts bounds how many co-hosts a gathering names: each is looked
// up, credited and sent every change.
const MaxCoHosts = 20

// ResolveCoHosts turns the co-hosts an organiser typed (fediverse
// handles, or the addresses of their accounts) into co-hosts, each looked
// up as a facilitator's handle is (see Resolve): one its server says does
// not exist is an error on field[i]; one whose server does not answer
// now is kept pending, with a warning (EnqueueCoHosts looks again). One
// among known (the gathering's co-hosts as saved) keeps its saved copy:
// found, it is not looked up again; pending, it stays so when the lookup
// fails again. self is the
// gathering's own co-op actor, which cannot co-host itself.
func (s *Service) ResolveCoHosts(ctx context.Context, field string, entries []string, self string, known []model.CoHost) ([]model.CoHost, []Warning, error) {
	if len(entries) > MaxCoHosts {
		return nil, nil, apperr.Invalid(field, "at most %d co-hosts", MaxCoHosts)
	}
	var out []model.CoHost
	var warnings []Warning
	for i, entry := range entries {
		entry = strings.TrimSpace(entry)
		f := fmt.Sprintf("%s[%d]", field, i)
		if entry == "" {
			continue
		}
		// One found already is not looked up again: saving the editor
		// unchanged must not wait on (or fail for) their servers.
		if saved, ok := savedCoHost(known, entry); ok && saved.Lookup == model.LookupDone {
			out = append(out, saved)
			continue
		}
		h, err := s.resolveAccount(ctx, entry)
		if err != nil {
			saved, ok := savedCoHost(known, entry)
			switch refused := refusal(f, entry, "", err); {
			case ok:
				s.log.WarnContext(ctx, "co-host not found; keeping the saved copy", "co_host", entry, "error", err)
				h = saved
			case refused != nil:
				return nil, nil, refused
			case !fed.LooksLikeHandle(entry):
				return nil, nil, apperr.Invalid(f, "%s did not answer: give the co-op's handle, like @events@example.org", entry)
			default:
				s.log.InfoContext(ctx, "co-host's server did not answer; saved unconfirmed", "co_host", entry, "error", err)
				h = model.CoHost{Handle: normalHandle(entry), Lookup: model.LookupPending}
			}
		}
		if h.ActorURI != "" && h.ActorURI == self {
			return nil, nil, apperr.Invalid(f, "%s hosts this gathering already: name the other co-ops", entry)
		}
		if h.Lookup == model.LookupPending {
			warnings = append(warnings, Warning{Field: f, Handle: h.Handle, Warning: h.Handle + " could not be confirmed: its server did not answer just now. " +
				"The gathering is saved; Gather keeps looking, and credits them once found."})
		}
		out = append(out, h)
	}
	return out, warnings, nil
}

// resolveAccount finds a co-host by handle (WebFinger, as ResolveHandle)
// or by the address of its actor.
func (s *Service) resolveAccount(ctx context.Context, entry string) (model.CoHost, error) {
	if fed.LooksLikeHandle(entry) {
		return s.ResolveHandle(ctx, entry)
	}
	if !strings.HasPrefix(entry, "https://") && !(s.allowHTTP && strings.HasPrefix(entry, "http://")) {
		return model.CoHost{}, fmt.Errorf("%q: %w", entry, errBadHandle)
	}
	r, err := s.fed.RemoteActor(ctx, entry, false)
	if err != nil && accountGone(err) {
		return model.CoHost{}, fmt.Errorf("resolve %s: %w: %w", entry, apperr.ErrNoSuchAccount, err)
	}
	if err != nil {
		return model.CoHost{}, fmt.Errorf("resolve %s: %w", entry, err)
	}
	return model.CoHost{Name: r.Name, Handle: r.Handle(), ActorURI: r.URI, ProfileURL: r.URL, AvatarURL: r.IconURL, Inbox: r.Inbox}, nil
}

// savedCoHost is the one of known named by entry: its handle (with or
// without the @) or its actor's address.
func savedCoHost(known []model.CoHost, entry string) (model.CoHost, bool) {
	if f, ok := savedFacilitator(known, entry); ok {
		return f, true
	}
	for _, h := range known {
		if h.ActorURI != "" && h.ActorURI == entry {
			return h, true
		}
	}
	return model.CoHost{}, false
}
