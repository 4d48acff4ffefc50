package inbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// ProcessInboxArgs is the job that acts on one stored incoming activity.
type ProcessInboxArgs struct {
	ID int64 `json:"id"`
}

// Kind implements river.JobArgs.
func (ProcessInboxArgs) Kind() string { return "process_inbox" }

// Verifier checks the HTTP signatures of requests to us. It fetches and
// caches the keys they name.
func (s *Service) Verifier() *httpsig.Verifier { return s.fed.Verifier() }

// CheckSender refuses an activity whose actor is on a blocked domain,
// before its signature costs a key fetch.
func (s *Service) CheckSender(ctx context.Context, act *federation.Activity) error {
	return s.fed.CheckNotBlocked(ctx, act.Actor)
}

// Receive stores an incoming activity, whose signature verified with key,
// and enqueues its processing, in one transaction (shared with the other
// activities arriving at the same moment: see receiveBatches). An
// activity whose id was seen before is accepted and ignored: servers
// retry.
func (s *Service) Receive(ctx context.Context, act *federation.Activity, key httpsig.Key) error {
	if key.Owner != act.Actor {
		return apperr.ErrNotSignedByActor
	}
	// A stranger's actor, fetched to find the key, is stored in the same
	// transaction as the activity: one turn at SQLite's only writer (and
	// one commit on PostgreSQL) per POST instead of two. The fetch itself
	// happened before, holding no lock.
	pending, _ := key.Pending.(*model.RemoteActor)
	w := &receiveWork{act: act, pending: pending, at: s.now()}
	if err := s.receives.store(ctx, s.store, w); err != nil {
		return fmt.Errorf("receive %s %s: %w", act.Type, act.ID, err)
	}
	if w.seen {
		s.log.DebugContext(ctx, "duplicate activity ignored", slog.String("activity", act.ID))
		return nil
	}
	return s.fed.HeardFrom(ctx, act.Actor)
}

// ProcessInbox acts on a stored incoming activity, by type. Types Gather
// has no use for are logged at debug and dropped. An error means try again
// later (a remote fetch failed); an activity that can never be acted on is
// logged and marked processed.
func (s *Service) ProcessInbox(ctx context.Context, id int64) error {
	in, err := s.store.InboxActivityGet(ctx, id)
	if err != nil {
		return fmt.Errorf("process activity %d: %w", id, err)
	}
	if in.ProcessedAt != nil {
		return nil
	}
	act, err := federation.DecodeActivity(in.Raw)
	var mark *processedMark
	if err == nil {
		if len(act.Objects) <= 1 {
			// One object, one effect: the RSVP it gives, if any, marks the
			// activity processed in its own transaction (see processedMark).
			mark = &processedMark{id: id}
			ctx = context.WithValue(ctx, processedMarkKey{}, mark)
		}
		err = s.dispatch(ctx, act)
	}
	var skip *skipError
	if errors.As(err, &skip) {
		s.log.DebugContext(ctx, "activity dropped", slog.String("activity", in.URI), slog.String("type", in.Type), slog.String("reason", skip.Reason))
		err = nil
	}
	if err != nil {
		return fmt.Errorf("process %s %s: %w", in.Type, in.URI, err)
	}
	if mark != nil && mark.done {
		return nil
	}
	return s.store.InboxActivityMarkProcessed(ctx, s.now(), id)
}

// processedMark lets the transaction that is an activity's only effect
// mark it processed too: one write transaction per reply instead of two.
// Only ProcessInbox sets one, only for an activity with one object, and
// only the last step of a handler takes it (rsvpFrom, receiveFollow), so
// a mark never commits before the last of several effects (a retry would
// skip the rest).
type processedMark struct {
	id   int64
	done bool // committed with the effect
}

type processedMarkKey struct{}

// InTxMarkingProcessed runs fn in a transaction that also marks the
// activity ProcessInbox is processing processed, when fn is the only
// effect of an activity with one object (see processedMark).
func (s *Service) InTxMarkingProcessed(ctx context.Context, fn func(store.Tx) error) error {
	mark := takeProcessedMark(ctx)
	err := s.store.InTx(ctx, s.markingProcessed(ctx, mark, fn))
	if err == nil && mark != nil {
		mark.done = true
	}
	return err
}

// markingProcessed wraps fn, a transaction's work, so that it marks the
// activity of mark (when set) processed once fn has succeeded.
func (s *Service) markingProcessed(ctx context.Context, mark *processedMark, fn func(store.Tx) error) func(store.Tx) error {
	if mark == nil {
		return fn
	}
	return func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return tx.InboxActivityMarkProcessed(ctx, s.now(), mark.id)
	}
}

// rsvpMarked is rsvp.Service.RSVP that also marks the activity of mark
// (when set) processed, in the answer's transaction.
func (s *Service) rsvpMarked(ctx context.Context, req rsvp.RSVPRequest, mark *processedMark) (rsvp.RSVPOutcome, error) {
	if mark == nil {
		return s.rsvp.RSVP(ctx, req)
	}
	out, err := s.rsvp.RSVPMarking(ctx, req, func(tx store.Tx) error {
		return tx.InboxActivityMarkProcessed(ctx, s.now(), mark.id)
	})
	if err == nil {
		mark.done = true
	}
	return out, err
}

// takeProcessedMark returns the mark ProcessInbox left in ctx, if any.
func takeProcessedMark(ctx context.Context) *processedMark {
	m, _ := ctx.Value(processedMarkKey{}).(*processedMark)
	return m
}

// skipError is an activity we read and chose not to act on (fed.Skip).
type skipError = fed.SkipError

func skip(format string, args ...any) error { return fed.Skip(format, args...) }

// inboxRoute names the handler an incoming activity goes to.
type inboxRoute string

// The routes.
const (
	routeFollow        inboxRoute = "follow"
	routeUndo          inboxRoute = "undo"
	routeCreate        inboxRoute = "create"        // each post it carries
	routeEditedPost    inboxRoute = "edited post"   // an Update of a post: read again as a reply
	routeUpdate        inboxRoute = "update"        // an Update of an actor
	routeDeleteActor   inboxRoute = "delete actor"  // an account deleted itself
	routeDeletePost    inboxRoute = "delete post"   // a reply withdrawn
	routeParticipation inboxRoute = "participation" // Mobilizon's and Gancio's RSVPs
	routeFlag          inboxRoute = "flag"
	routeIgnored       inboxRoute = "ignored" // read, and of no use to us
	routeUnknown       inboxRoute = "unknown"
)

// routeOf decides, from its type (and its object's), which handler an
// incoming activity goes to. Pure: dispatch_test.go is its table.
func routeOf(act *federation.Activity) inboxRoute {
	switch act.Type {
	case "Follow":
		return routeFollow
	case "Undo":
		return routeUndo
	case "Create":
		return routeCreate
	case "Update":
		if isPost(act.Object.Type) {
			return routeEditedPost
		}
		return routeUpdate
	case "Delete":
		if act.Object.ID == act.Actor {
			return routeDeleteActor
		}
		return routeDeletePost
	case "Join", "Leave", "Accept", "TentativeAccept", "Reject":
		return routeParticipation
	case "Flag":
		return routeFlag
	case "Like", "Announce":
		return routeIgnored
	}
	return routeUnknown
}

func (s *Service) dispatch(ctx context.Context, act *federation.Activity) error {
	if s.network != nil {
		if took, err := s.network(ctx, act); took || err != nil {
			return err
		}
	}
	switch routeOf(act) {
	case routeFollow:
		return s.follows.ReceiveFollow(ctx, act)
	case routeUndo:
		return s.receiveUndo(ctx, act)
	case routeCreate:
		return s.receiveCreate(ctx, act)
	case routeEditedPost:
		return s.receiveNote(ctx, act, act.Object)
	case routeUpdate:
		return s.receiveUpdate(ctx, act)
	case routeDeleteActor:
		return s.receiveDelete(ctx, act)
	case routeDeletePost:
		return s.receiveDeleteNote(ctx, act)
	case routeParticipation:
		return s.receiveParticipation(ctx, act)
	case routeFlag:
		return s.abuse.ReceiveFlag(ctx, act)
	case routeIgnored:
		return skip("%s recorded, not an RSVP", act.Type)
	}
	return skip("no handler for %s", act.Type)
}

// receiveCreate reads each post a Create carries: GoToSocial may send
// several poll votes in one.
func (s *Service) receiveCreate(ctx context.Context, act *federation.Activity) error {
	var acted bool
	var firstErr error
	for _, obj := range act.Objects {
		if !isPost(obj.Type) {
			continue
		}
		err := s.receiveNote(ctx, act, obj)
		var sk *skipError
		switch {
		case err == nil:
			acted = true
		case errors.As(err, &sk):
		case firstErr == nil:
			firstErr = err
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if !acted {
		return skip("Create of nothing we act on")
	}
	return nil
}

func isPost(typ string) bool {
	return typ == "Note" || typ == "Article" || typ == "Page" || typ == "ChatMessage"
}

func (s *Service) receiveUndo(ctx context.Context, act *federation.Activity) error {
	inner, err := act.Object.Activity()
	if err != nil {
		// Gancio embeds its Follow without an actor; others name the
		// undone activity by id alone. Either way only a Follow the
		// signer itself made can be meant.
		return s.follows.UndoFollowByID(ctx, act.Actor, act.Object)
	}
	if inner.Actor != act.Actor {
		return skip("Undo by %s of an activity by %s", act.Actor, inner.Actor)
	}
	switch inner.Type {
	case "Follow":
		return s.follows.ReceiveUnfollow(ctx, inner)
	case "Join", "Accept", "TentativeAccept", "Reject":
		return s.receiveUndoParticipation(ctx, inner)
	}
	return skip("no handler for Undo{%s}", inner.Type)
}

// receiveUpdate refreshes our copy of an actor that changed.
func (s *Service) receiveUpdate(ctx context.Context, act *federation.Activity) error {
	if act.Object.ID != act.Actor {
		return skip("Update of %s: only actors updating themselves are handled here", act.Object.ID)
	}
	if _, err := s.store.RemoteActorGetByURI(ctx, act.Actor); errors.Is(err, store.ErrNotFound) {
		return skip("Update of an actor we do not know")
	}
	_, err := s.fed.RemoteActor(ctx, act.Actor, true)
	return err
}

// receiveDelete forgets an actor that deleted itself, and its follows.
func (s *Service) receiveDelete(ctx context.Context, act *federation.Activity) error {
	if act.Object.ID != act.Actor {
		return skip("Delete of %s: only actors deleting themselves are handled here", act.Object.ID)
	}
	return s.store.RemoteActorDelete(ctx, act.Actor)
}
