package notice

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Direct is one direct note of SendDirect: to whom and what it says.
type Direct struct {
	Person model.RemoteActor
	Text   string
	// Key, when set, makes the note's id one of its own for ever (a
	// hash of the event, Key and the person), as the cancellation's is.
	Key string
	// InReplyTo, when set, is the message of theirs the note answers.
	InReplyTo string
}

// SendDirect sends each a note about the event e, addressed to them
// alone and mentioning them, as Announce's direct notes are (see
// sendDirect): the followers among them get the event's link too. The
// deliveries are enqueued together, in tx.
func (s *Service) SendDirect(ctx context.Context, tx store.Tx, actor model.Actor, e asevent.Event, notes []Direct) error {
	if len(notes) == 0 {
		return nil
	}
	followers, err := s.followersByID(ctx, tx, actor)
	if err != nil {
		return err
	}
	var jobs fed.Deliveries
	for _, n := range notes {
		_, follows := followers[n.Person.ID]
		id := ""
		if n.Key != "" {
			sum := sha256.Sum256([]byte(e.ID + " " + n.Key + " " + n.Person.URI))
			id = e.ID + "/notes/" + hex.EncodeToString(sum[:12])
		}
		if err := s.sendDirect(ctx, tx, actor, e, n.Person, id, n.InReplyTo, n.Text, follows, &jobs); err != nil {
			return err
		}
	}
	return tx.EnqueueMany(ctx, jobs)
}
