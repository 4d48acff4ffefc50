package network

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/remoteevent"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// BackfillArgs is the job that reads a source's upcoming events from its
// outbox, once it accepted our Follow.
type BackfillArgs struct {
	SourceID int64 `json:"source_id"`
}

// Kind implements river.JobArgs.
func (BackfillArgs) Kind() string { return "network_backfill" }

// The backfill's limits. Outboxes list the newest first, and a co-op
// publishes its gatherings weeks ahead, so ten pages (Gather's pages hold
// 20 activities, Mastodon's 20, Mobilizon's 10) reach months back; past
// them, or past 50 upcoming events, the live activities keep us in step.
// The limits bound what one stranger's outbox can cost us.
const (
	BackfillPages  = 10
	BackfillEvents = 50
)

// BackfillAttempts is how many times a backfill is tried (with
// BackfillBackoff, about two and a half days): a source's server may
// be down right after it accepts, and is usually up again soon.
const BackfillAttempts = 25

// BackfillBackoff is how long to wait before attempt+1: 30 s doubling
// to a cap of 4 h, ±20% jitter.
func BackfillBackoff(attempt int) time.Duration {
	const base, limit = 30 * time.Second, 4 * time.Hour
	d := limit
	if attempt >= 1 && attempt < 10 {
		d = min(base<<(attempt-1), limit)
	}
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// Backfill reads the upcoming events of source p.SourceID from its
// outbox, signed, and stores them. A source unfollowed meanwhile, or no
// longer accepted, is left alone. A fetch that fails marks the source
// unreachable and returns the error (the job retries).
func (s *Service) Backfill(ctx context.Context, p BackfillArgs) error {
	src, err := s.store.SourceGet(ctx, p.SourceID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if src.State != model.SourceAccepted {
		return nil
	}
	n, err := s.backfill(ctx, src)
	if err != nil {
		if uerr := s.store.SourceUnreachable(ctx, src.ID, s.now()); uerr != nil {
			s.log.WarnContext(ctx, "mark source unreachable", slog.Any("error", uerr))
		}
		return fmt.Errorf("backfill %s: %w", src.ActorURI, err)
	}
	s.log.InfoContext(ctx, "source backfilled", slog.String("source", src.ActorURI), slog.Int("events", n))
	return s.store.SourceHeard(ctx, src.ID, s.now())
}

// backfill stores src's upcoming events and returns how many it stored.
func (s *Service) backfill(ctx context.Context, src model.Source) (int, error) {
	doc, err := s.fed.FetchSigned(ctx, src.ActorURI)
	if err != nil {
		return 0, err
	}
	actor, err := federation.ParseActor(doc)
	if err != nil {
		return 0, err
	}
	if actor.Outbox == "" {
		return 0, nil
	}
	now := s.now()
	out, err := remoteevent.UpcomingFromOutbox(ctx, s.fed.FetchSigned, actor.Outbox, src.ActorURI, now, BackfillPages)
	if err != nil && out.Pages == 0 {
		return 0, err
	}
	events := out.Events
	// What the outbox names but does not vouch for is fetched from its
	// origin, within the same limit, counting the fetches that fail: a
	// hostile outbox naming thousands of dead links costs 50 GETs.
	for i, id := range out.Fetch {
		if len(events) >= BackfillEvents || i >= BackfillEvents {
			break
		}
		e, ferr := s.fetchEvent(ctx, id)
		if ferr != nil {
			s.log.DebugContext(ctx, "outbox event not taken", slog.String("event", id), slog.Any("error", ferr))
			continue
		}
		if e.Upcoming(now) && federation.SameOrigin(e.AttributedTo, src.ActorURI) {
			events = append(events, e)
		}
	}
	if len(events) > BackfillEvents {
		events = events[:BackfillEvents]
	}
	stored := 0
	for _, e := range events {
		if !federation.SameOrigin(e.ID, src.ActorURI) {
			continue
		}
		wrote, uerr := s.store.RemoteEventUpsert(ctx, remoteEventOf(src.ID, e, now))
		if errors.Is(uerr, store.ErrConflict) {
			continue
		}
		if uerr != nil {
			return stored, uerr
		}
		if wrote {
			stored++
		}
		if e.SuperEvent == "" {
			if err := s.storeSessions(ctx, src, e); err != nil {
				return stored, err
			}
		}
	}
	return stored, nil
}
