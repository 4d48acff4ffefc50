package inbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/intent"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// A post that is not a reply to one of our events can still be an RSVP:
// "@events I'm going to the spring meet-up", written as a new post. The
// rules, chosen so that people talking about us in public are not
// answered:
//
//  1. It must be addressed to one of our actors (to/cc) or mention it
//     (a Mention tag); otherwise it never reached us on purpose.
//  2. Its words must say going, maybe or not going (as for a reply);
//     anything else — a question, a thank-you, a boost of our post with a
//     comment — is dropped without an answer and kept nowhere.
//  3. It counts for the gathering it names: a link to one of our
//     gatherings or sessions, else a title of an upcoming gathering of
//     that actor in its text, else the actor's only upcoming gathering.
//  4. When it names none and there are several, the person gets one
//     short note, to them alone and mentioning them, listing the
//     gatherings and asking them to reply to the one they mean — but only
//     for a new post that mentions no one but us: a post that mentions
//     others too is a conversation, so it counts only when it names a
//     gathering, and an edited post is never asked about twice.

// linkPattern finds the links in a post's HTML, in an href or bare.
var linkPattern = regexp.MustCompile(`https?://[^\s"'<>]+`)

// receiveMention reads a post that answers nothing of ours as an RSVP by
// mention, by the rules above.
func (s *Service) receiveMention(ctx context.Context, act *federation.Activity, note federation.NoteIn) error {
	actor, others, ok := s.mentionedActor(ctx, note)
	if !ok {
		return skip("note %s answers nothing of ours", note.ID)
	}
	want := readIntent(note.ContentHTML)
	if want == rsvp.IntentNone {
		return skip("mention %s says nothing about coming", note.ID)
	}
	target, named, err := s.namedEvent(ctx, actor, note)
	if err != nil {
		return err
	}
	if named || target.GatheringID != 0 && others == 0 {
		return s.answerNamed(ctx, act, target, want, note, 0)
	}
	if others > 0 || act.Type != "Create" {
		return skip("mention %s names no gathering", note.ID)
	}
	return s.askWhichGathering(ctx, actor, act.Actor, note)
}

// mentionedActor finds the actor of ours a post is addressed to or
// mentions, and how many other accounts it mentions.
func (s *Service) mentionedActor(ctx context.Context, note federation.NoteIn) (model.Actor, int, bool) {
	var handle string
	others := 0
	for _, m := range note.Mentions {
		if h := s.urls.HandleOf(m.Href); h != "" && h != localurl.InstanceHandle {
			handle = h
		} else {
			others++
		}
	}
	if handle == "" {
		for _, id := range append(append([]string{}, note.To...), note.CC...) {
			if h := s.urls.HandleOf(id); h != "" && h != localurl.InstanceHandle {
				handle = h
			}
		}
	}
	if handle == "" {
		return model.Actor{}, 0, false
	}
	actor, err := s.store.ActorGetByHandle(ctx, handle)
	return actor, others, err == nil
}

// namedEvent finds the event a post names; with named false, target is
// the actor's only upcoming gathering (or zero for none or several).
func (s *Service) namedEvent(ctx context.Context, actor model.Actor, note federation.NoteIn) (target rsvp.Target, named bool, err error) {
	for _, link := range linkPattern.FindAllString(note.ContentHTML, -1) {
		if t, ok := s.rsvp.TargetOf(ctx, strings.TrimRight(link, ".,;:!?)")); ok && !t.Poll {
			return t, true, nil
		}
	}
	upcoming, err := s.upcomingGatherings(ctx, actor)
	if err != nil {
		return rsvp.Target{}, false, err
	}
	text := " " + strings.Join(strings.Fields(strings.ToLower(intent.PlainText(note.ContentHTML))), " ") + " "
	best := ""
	for _, g := range upcoming {
		title := strings.Join(strings.Fields(strings.ToLower(g.Title)), " ")
		if title != "" && len(title) > len(best) && strings.Contains(text, title) {
			best, target, named = title, rsvp.Target{GatheringID: g.ID}, true
		}
	}
	if !named && len(upcoming) == 1 {
		target = rsvp.Target{GatheringID: upcoming[0].ID}
	}
	return target, named, nil
}

// upcomingGatherings are an actor's published gatherings not yet over.
func (s *Service) upcomingGatherings(ctx context.Context, actor model.Actor) ([]model.Gathering, error) {
	return s.store.GatheringList(ctx, &store.GatheringListParams{ActorID: actor.ID,
		Statuses: []model.GatheringStatus{model.StatusPublished}, EndsAfter: s.now(), Limit: 20})
}

// askWhichGathering answers a clear RSVP that names no gathering with a
// short note listing them. Replying to that note (which mentions us) is
// read by the same rules, so "going to the spring meet-up" then counts.
func (s *Service) askWhichGathering(ctx context.Context, actor model.Actor, actorURI string, note federation.NoteIn) error {
	upcoming, err := s.upcomingGatherings(ctx, actor)
	if err != nil {
		return err
	}
	if len(upcoming) == 0 {
		return skip("mention %s: no gathering is coming up", note.ID)
	}
	if blocked, err := s.rsvp.PersonBlocked(ctx, actorURI); err != nil || blocked {
		if err == nil {
			err = skip("mention by %s, who is blocked", actorURI)
		}
		return err
	}
	person, err := s.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx store.Tx) error {
		return s.sendAsk(ctx, tx, actor, person, s.urls.Actor(actor.Handle), note.ID, whichGatheringText(upcoming))
	})
}

// whichGatheringText is the question: "Which gathering do you mean? …".
// It names them without links: GoToSocial drops posts with links from
// accounts people don't follow.
func whichGatheringText(upcoming []model.Gathering) string {
	names := make([]string, 0, len(upcoming))
	for _, g := range upcoming {
		loc, err := time.LoadLocation(g.Timezone)
		if err != nil {
			loc = time.UTC
		}
		names = append(names, g.Title+" ("+g.StartsAt.In(loc).Format("Mon 2 Jan")+")")
	}
	return "Which gathering do you mean: " + strings.Join(names, ", ") +
		"? Reply with its name and 'going', or reply to its post."
}

// sendAsk sends the question to person alone, mentioning them, in reply
// to their post. Its id is under base: the actor's for a question about
// which gathering (it belongs to no event), the gathering's for one about
// which of its sessions, so that a reply to it is a reply to the gathering.
func (s *Service) sendAsk(ctx context.Context, tx store.Tx, actor model.Actor, person model.RemoteActor, base, inReplyTo, text string) error {
	now := s.now().UTC()
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	activityID, noteID := s.urls.NewActivity(), base+"/notes/"+hex.EncodeToString(b)
	n := federation.Note{ID: noteID, AttributedTo: s.urls.Actor(actor.Handle), InReplyTo: inReplyTo,
		Audience: federation.Audience{To: []string{person.URI}},
		Mentions: []federation.Mention{{Href: person.URI, Name: person.Handle(), ProfileURL: person.URL}},
		Text:     text, Published: now}
	doc, err := federation.NoteJSON(n)
	if err != nil {
		return err
	}
	create, err := federation.Create(activityID, s.urls.Actor(actor.Handle), doc, n.Audience)
	if err != nil {
		return err
	}
	return s.fed.Send(ctx, tx, &model.OutboxActivity{URI: activityID, ActorID: actor.ID, Type: "Create", ObjectURI: noteID,
		Raw: create, CreatedAt: now}, []string{person.Inbox})
}
