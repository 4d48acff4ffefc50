package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Change notices: see "Several nodes" in the package doc.

// MaxNoticeBytes bounds a notice's topic and payload together: PostgreSQL
// refuses a NOTIFY payload of 8000 bytes or more, and the backend adds a
// few bytes of its own.
const MaxNoticeBytes = 7000

// ErrNotice is returned for a notice that cannot be sent: an empty topic,
// one with a newline, or one too long.
var ErrNotice = errors.New("invalid change notice")

// Notifier sends change notices.
type Notifier interface {
	// Notify sends payload to the subscribers of topic, on every node.
	// On a Store the notice goes at once; on a Tx it goes when the
	// transaction commits, and not at all if it is rolled back.
	Notify(ctx context.Context, topic, payload string) error
}

// Changes sends change notices and receives those of every node.
type Changes interface {
	Notifier
	// Subscribe calls sub for each notice on topic sent from now on, by
	// this node or another, until unsubscribe is called. It returns once
	// the notices are being listened for, or with ctx's error when they
	// could not be by then (the database is down): the subscription is
	// then dropped.
	Subscribe(ctx context.Context, topic string, sub Subscriber) (unsubscribe func(), err error)
}

// Subscriber receives the notices on a topic.
type Subscriber struct {
	// Notice receives each notice's payload.
	Notice func(payload string)
	// Missed is called when notices may have been lost: the connection
	// that listens for them dropped and has been made again. Drop
	// everything cached. Optional.
	Missed func()
}

// CheckNotice refuses a notice no backend could send, so that both
// refuse the same ones.
func CheckNotice(topic, payload string) error {
	switch {
	case topic == "":
		return fmt.Errorf("%w: no topic", ErrNotice)
	case strings.ContainsAny(topic, "\n\x00"):
		return fmt.Errorf("%w: topic %q has a newline or NUL", ErrNotice, topic)
	case strings.ContainsRune(payload, 0):
		return fmt.Errorf("%w: payload on %s has a NUL", ErrNotice, topic)
	case len(topic)+len(payload) > MaxNoticeBytes:
		return fmt.Errorf("%w: %d bytes on %s, more than %d", ErrNotice, len(topic)+len(payload), topic, MaxNoticeBytes)
	}
	return nil
}

// Hub hands notices to this process's subscribers; both backends deliver
// through one.
type Hub struct {
	mu   sync.Mutex
	subs map[*hubSub]struct{}
}

type hubSub struct {
	topic string
	sub   Subscriber
}

// Add subscribes sub to topic until remove is called.
func (h *Hub) Add(topic string, sub Subscriber) (remove func()) {
	s := &hubSub{topic: topic, sub: sub}
	h.mu.Lock()
	if h.subs == nil {
		h.subs = map[*hubSub]struct{}{}
	}
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.subs, s)
			h.mu.Unlock()
		})
	}
}

// Deliver hands payload to the subscribers of topic.
func (h *Hub) Deliver(topic, payload string) {
	for _, s := range h.matching(topic) {
		if s.Notice != nil {
			s.Notice(payload)
		}
	}
}

// Missed tells every subscriber that notices may have been lost.
func (h *Hub) Missed() {
	for _, s := range h.matching("") {
		if s.Missed != nil {
			s.Missed()
		}
	}
}

// matching returns the subscribers of topic, or all for "". They are
// called outside the lock, so that one may unsubscribe from its callback.
func (h *Hub) matching(topic string) []Subscriber {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []Subscriber
	for s := range h.subs {
		if topic == "" || s.topic == topic {
			out = append(out, s.sub)
		}
	}
	return out
}

// Pending holds a transaction's notices until it commits.
type Pending struct {
	mu      sync.Mutex
	notices [][2]string
}

// Add keeps a notice to deliver on commit.
func (p *Pending) Add(topic, payload string) {
	p.mu.Lock()
	p.notices = append(p.notices, [2]string{topic, payload})
	p.mu.Unlock()
}

// DeliverTo hands the kept notices to h, in the order they were sent.
func (p *Pending) DeliverTo(h *Hub) {
	p.mu.Lock()
	notices := p.notices
	p.notices = nil
	p.mu.Unlock()
	for _, n := range notices {
		h.Deliver(n[0], n[1])
	}
}
