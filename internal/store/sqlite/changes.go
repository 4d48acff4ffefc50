package sqlite

import (
	"context"

	"github.com/gather-coop/gather/internal/store"
)

// SQLite is one process's database, so change notices stay in it: they
// go to its own subscribers, a transaction's once it has committed. No
// connection listens, so none can drop, and Missed is never called.

// Notify implements store.Changes: the subscribers have the notice when
// it returns.
func (s *Store) Notify(_ context.Context, topic, payload string) error {
	if err := store.CheckNotice(topic, payload); err != nil {
		return err
	}
	s.hub.Deliver(topic, payload)
	return nil
}

// Subscribe implements store.Changes.
func (s *Store) Subscribe(_ context.Context, topic string, sub store.Subscriber) (func(), error) {
	if err := store.CheckNotice(topic, ""); err != nil {
		return nil, err
	}
	return s.hub.Add(topic, sub), nil
}

// Notify implements store.Tx: the notice is delivered once the
// transaction commits, before InTx returns.
func (t *Tx) Notify(_ context.Context, topic, payload string) error {
	if err := store.CheckNotice(topic, payload); err != nil {
		return err
	}
	t.pending.Add(topic, payload)
	return nil
}
