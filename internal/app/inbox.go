package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// ProcessInboxArgs is the job that acts on one stored incoming activity.
type ProcessInboxArgs struct {
	ID int64 `json:"id"`
}

// Kind implements river.JobArgs.
func (ProcessInboxArgs) Kind() string { return "process_inbox" }

// ErrNotSignedByActor means an activity's signature is by someone other
// than its actor.
var ErrNotSignedByActor = errors.New("the signature's key does not belong to the activity's actor")

// Verifier checks the HTTP signatures of requests to us. It fetches and
// caches the keys they name.
func (a *App) Verifier() *httpsig.Verifier { return a.verifier }

// CheckSender refuses an activity whose actor is on a blocked domain,
// before its signature costs a key fetch.
func (a *App) CheckSender(ctx context.Context, act *federation.Activity) error {
	return a.checkNotBlocked(ctx, act.Actor)
}

// Receive stores an incoming activity, whose signature verified with key,
// and enqueues its processing, in one transaction. An activity whose id was
// seen before is accepted and ignored: servers retry.
func (a *App) Receive(ctx context.Context, act *federation.Activity, key httpsig.Key) error {
	if key.Owner != act.Actor {
		return ErrNotSignedByActor
	}
	err := a.store.InTx(ctx, func(tx store.Tx) error {
		id, err := tx.InboxActivityInsert(ctx, &model.InboxActivity{
			URI: act.ID, Type: act.Type, ActorURI: act.Actor, Raw: act.Raw, ReceivedAt: a.now(),
		})
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, ProcessInboxArgs{ID: id}, nil)
	})
	if errors.Is(err, store.ErrConflict) {
		a.log.DebugContext(ctx, "duplicate activity ignored", slog.String("activity", act.ID))
		return nil
	}
	if err != nil {
		return fmt.Errorf("receive %s %s: %w", act.Type, act.ID, err)
	}
	// A host that sends us something is evidently up again.
	host, _, err := hostOf(act.Actor)
	if err == nil && !a.hosts.knownClean(host) {
		if err := a.store.HostClearUnreachable(ctx, host); err != nil {
			return err
		}
	}
	return nil
}

// ProcessInbox acts on a stored incoming activity, by type. Types Gather
// has no use for are logged at debug and dropped. An error means try again
// later (a remote fetch failed); an activity that can never be acted on is
// logged and marked processed.
func (a *App) ProcessInbox(ctx context.Context, id int64) error {
	in, err := a.store.InboxActivityGet(ctx, id)
	if err != nil {
		return fmt.Errorf("process activity %d: %w", id, err)
	}
	if in.ProcessedAt != nil {
		return nil
	}
	act, err := federation.DecodeActivity(in.Raw)
	if err == nil {
		err = a.dispatch(ctx, act)
	}
	var skip *skipError
	if errors.As(err, &skip) {
		a.log.DebugContext(ctx, "activity dropped", slog.String("activity", in.URI), slog.String("type", in.Type), slog.String("reason", skip.reason))
		err = nil
	}
	if err != nil {
		return fmt.Errorf("process %s %s: %w", in.Type, in.URI, err)
	}
	return a.store.InboxActivityMarkProcessed(ctx, id, a.now())
}

// skipError is an activity we read and chose not to act on.
type skipError struct{ reason string }

func (e *skipError) Error() string { return e.reason }

func skip(format string, args ...any) error { return &skipError{reason: fmt.Sprintf(format, args...)} }

func (a *App) dispatch(ctx context.Context, act *federation.Activity) error {
	switch act.Type {
	case "Follow":
		return a.receiveFollow(ctx, act)
	case "Undo":
		return a.receiveUndo(ctx, act)
	case "Update":
		return a.receiveUpdate(ctx, act)
	case "Delete":
		return a.receiveDelete(ctx, act)
	}
	return skip("no handler for %s", act.Type)
}

func (a *App) receiveUndo(ctx context.Context, act *federation.Activity) error {
	inner, err := act.Object.Activity()
	if err != nil {
		return skip("Undo of an object not embedded: %s", act.Object.ID)
	}
	if inner.Actor != act.Actor {
		return skip("Undo by %s of an activity by %s", act.Actor, inner.Actor)
	}
	switch inner.Type {
	case "Follow":
		return a.receiveUnfollow(ctx, inner)
	}
	return skip("no handler for Undo{%s}", inner.Type)
}

// receiveUpdate refreshes our copy of an actor that changed.
func (a *App) receiveUpdate(ctx context.Context, act *federation.Activity) error {
	if act.Object.ID != act.Actor {
		return skip("Update of %s: only actors updating themselves are handled here", act.Object.ID)
	}
	if _, err := a.store.RemoteActorGetByURI(ctx, act.Actor); errors.Is(err, store.ErrNotFound) {
		return skip("Update of an actor we do not know")
	}
	_, err := a.RemoteActor(ctx, act.Actor, true)
	return err
}

// receiveDelete forgets an actor that deleted itself, and its follows.
func (a *App) receiveDelete(ctx context.Context, act *federation.Activity) error {
	if act.Object.ID != act.Actor {
		return skip("Delete of %s: only actors deleting themselves are handled here", act.Object.ID)
	}
	return a.store.RemoteActorDelete(ctx, act.Actor)
}
