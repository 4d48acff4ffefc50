package fed

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// DeliverArgs is the job that POSTs one outgoing activity to one inbox.
type DeliverArgs struct {
	OutboxID int64  `json:"outbox_id"`
	Inbox    string `json:"inbox"`
}

// Kind implements river.JobArgs.
func (DeliverArgs) Kind() string { return "deliver" }

// deliverAttempts bounds the retries of one delivery. With the back-off
// of DeliveryBackoff (10 s doubling to a cap of 8 h, with jitter) the
// last attempt comes 2.2 to 3.4 days after the first.
const deliverAttempts = 20

// Delivery failures the caller should not retry.
var (
	// ErrGiveUp means a delivery will never succeed: a permanent refusal,
	// a blocked or unreachable host, or a forbidden address.
	ErrGiveUp = errors.New("delivery abandoned")
	// ErrInboxGone means the inbox answered 410 Gone: its actors were forgotten.
	ErrInboxGone = errors.New("inbox gone")
)

// Send records an activity actor sends and enqueues its delivery to each
// inbox, in tx: it is delivered only if the change it belongs to commits.
func (s *Service) Send(ctx context.Context, tx store.Tx, out *model.OutboxActivity, inboxes []string) error {
	var jobs Deliveries
	if err := s.Record(ctx, tx, out, inboxes, &jobs); err != nil {
		return err
	}
	return tx.EnqueueMany(ctx, jobs)
}

// Deliveries are delivery jobs gathered to be enqueued at once: one
// statement for a thousand notes rather than a thousand.
type Deliveries []river.InsertManyParams

// Record stores an activity actor sends, as Send does, and adds its
// deliveries to jobs, for the caller to enqueue in the same transaction.
func (s *Service) Record(ctx context.Context, tx store.Tx, out *model.OutboxActivity, inboxes []string, jobs *Deliveries) error {
	stored, err := tx.OutboxActivityInsert(ctx, out)
	if err != nil {
		return err
	}
	for _, inbox := range inboxes {
		*jobs = append(*jobs, river.InsertManyParams{Args: DeliverArgs{OutboxID: stored.ID, Inbox: inbox}, InsertOpts: &river.InsertOpts{MaxAttempts: deliverAttempts}})
	}
	return nil
}

// SendToFollowers wraps object (an Event, our actor's document…) in an
// activity of typ (Create or Update), addressed to the public and actor's
// followers. It
// records it in actor's outbox and enqueues its delivery to every follower
// inbox and to extra inboxes (people mentioned), each inbox once.
func (s *Service) SendToFollowers(ctx context.Context, tx store.Tx, actor model.Actor, typ, objectURI string, object []byte, extra ...string) error {
	return s.SendToFollowersWithID(ctx, tx, actor, s.urls.NewActivity(), typ, objectURI, object, extra...)
}

// SendToFollowersWithID is SendToFollowers with the activity's id given.
func (s *Service) SendToFollowersWithID(ctx context.Context, tx store.Tx, actor model.Actor, id, typ, objectURI string, object []byte, extra ...string) error {
	return s.sendPublic(ctx, tx, actor, id, typ, objectURI, object, nil, extra)
}

// SendToFollowersCC is SendToFollowers with further actors addressed in
// "cc" (a gathering's co-hosts); their inboxes are among extra.
func (s *Service) SendToFollowersCC(ctx context.Context, tx store.Tx, actor model.Actor, typ, objectURI string, object []byte, cc []string, extra ...string) error {
	return s.sendPublic(ctx, tx, actor, s.urls.NewActivity(), typ, objectURI, object, cc, extra)
}

func (s *Service) sendPublic(ctx context.Context, tx store.Tx, actor model.Actor, id, typ, objectURI string, object []byte, cc, extra []string) error {
	actorID := s.urls.Actor(actor.Handle)
	aud := federation.Audience{To: []string{federation.Public}, CC: append([]string{s.urls.Followers(actor.Handle)}, cc...)}
	var doc []byte
	var err error
	switch typ {
	case "Create":
		doc, err = federation.Create(id, actorID, object, aud)
	case "Update":
		doc, err = federation.Update(id, actorID, object, aud)
	default:
		return fmt.Errorf("send %s to followers: not an activity we send", typ)
	}
	if err != nil {
		return err
	}
	inboxes, err := s.FollowersAnd(ctx, tx, actor, extra)
	if err != nil {
		return err
	}
	return s.Send(ctx, tx, &model.OutboxActivity{
		URI: id, ActorID: actor.ID, Type: typ, ObjectURI: objectURI, Raw: doc, Public: true, CreatedAt: s.now(),
	}, inboxes)
}

// FollowersAnd is the inboxes of actor's followers and extra, each once.
func (s *Service) FollowersAnd(ctx context.Context, tx store.Tx, actor model.Actor, extra []string) ([]string, error) {
	inboxes, err := tx.FollowerInboxes(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(inboxes))
	for _, in := range inboxes {
		seen[in] = true
	}
	for _, in := range extra {
		if in != "" && !seen[in] {
			seen[in] = true
			inboxes = append(inboxes, in)
		}
	}
	return inboxes, nil
}

// Deliver POSTs one stored activity to one inbox, signed afresh (a new
// Date each attempt: Mastodon refuses a Date more than an hour old). It
// returns nil when delivered, an error wrapping ErrGiveUp or ErrInboxGone when
// retrying is pointless, and any other error when a retry may work.
func (s *Service) Deliver(ctx context.Context, p DeliverArgs) error {
	host, domain, err := HostOf(p.Inbox)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrGiveUp, err)
	}
	if blocked, err := s.domainBlocked(ctx, domain); err != nil {
		return err
	} else if blocked {
		return fmt.Errorf("%w: %s is blocked", ErrGiveUp, domain)
	}
	if !s.hosts.knownClean(host) {
		h, err := s.store.HostGet(ctx, host)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if h.Unreachable {
			return fmt.Errorf("%w: %s has been unreachable for a week; skipped until it contacts us", ErrGiveUp, host)
		}
	}
	out, err := s.outboxActivity(ctx, p.OutboxID)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrGiveUp, err)
	}
	signer, err := s.signerByID(ctx, out.ActorID)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrGiveUp, err)
	}

	release, err := s.hosts.acquire(ctx, host)
	if err != nil {
		return err
	}
	err = s.client.Post(ctx, p.Inbox, out.Raw, signer)
	release()
	return s.deliveryOutcome(ctx, host, p.Inbox, err)
}

func (s *Service) deliveryOutcome(ctx context.Context, host, inbox string, err error) error {
	if err == nil {
		return s.hostSucceeded(ctx, host)
	}
	var status *client.StatusError
	switch {
	case errors.As(err, &status) && status.Gone():
		if _, derr := s.store.RemoteActorDeleteByInbox(ctx, inbox); derr != nil {
			return derr
		}
		return fmt.Errorf("%w: %w", ErrInboxGone, err)
	case errors.As(err, &status) && !status.Retryable():
		// The server answered and refused: it is up, the activity is the
		// problem, and sending it again will not change the answer.
		if serr := s.hostSucceeded(ctx, host); serr != nil {
			return serr
		}
		return fmt.Errorf("%w: %w", ErrGiveUp, err)
	case errors.Is(err, client.ErrForbiddenAddress), errors.Is(err, client.ErrForbiddenScheme):
		return fmt.Errorf("%w: %w", ErrGiveUp, err)
	case ctx.Err() != nil:
		return err // shutting down: retry later, and don't blame the host
	}
	unreachable, herr := s.hostFailed(ctx, host)
	if herr != nil {
		return errors.Join(err, herr)
	}
	if unreachable {
		return fmt.Errorf("%w: %s has failed for a week: %w", ErrGiveUp, host, err)
	}
	return err
}

// DeliveryBackoff is how long to wait before delivery attempt+1:
// exponentially from 10 seconds, doubling to a cap of 8 hours, with ±20%
// jitter so retries to a recovering server spread out. With
// deliverAttempts, the attempts span 2.2 to 3.4 days.
func DeliveryBackoff(attempt int) time.Duration {
	const base, limit = 10 * time.Second, 8 * time.Hour
	d := limit
	if attempt >= 1 && attempt < 20 {
		d = min(base<<(attempt-1), limit)
	}
	jitter := 0.8 + 0.4*rand.Float64()
	return time.Duration(float64(d) * jitter)
}
