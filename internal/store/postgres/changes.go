package postgres

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"

	"github.com/gather-coop/gather/internal/store"
)

// Change notices go out as NOTIFY on one channel per schema, so that
// instances sharing a server in different schemas (tests do) hear only
// their own; the topic travels in the payload, with the sending node's
// id, so that a node skips its own notices: it handed them to its
// subscribers as they committed, before InTx returned. One connection a
// node listens, made when the first subscriber subscribes, and made again
// whenever it drops; its subscribers are then told they may have missed
// notices.

// Timing of the listener.
const (
	// listenPing is how long the listener waits for a notice before it
	// checks that its connection still works: a connection cut without
	// a reset (a NAT forgetting it, a failover) would otherwise look
	// like a quiet one forever.
	listenPing = 30 * time.Second
	// listenRetryMin and listenRetryMax bound the wait between attempts
	// to connect again.
	listenRetryMin = 100 * time.Millisecond
	listenRetryMax = 5 * time.Second
)

// channelFor is the NOTIFY channel of the schema: an identifier, so at
// most 63 bytes.
func channelFor(schema string) string {
	ch := "gather_changes_" + schema
	if len(ch) > 63 {
		sum := sha256.Sum256([]byte(schema))
		ch = "gather_changes_" + hex.EncodeToString(sum[:16])
	}
	return ch
}

// changes is a Store's side of the notices.
type changes struct {
	hub     store.Hub
	node    string // this Store's id in the notices it sends
	channel string
	connCfg *pgx.ConnConfig
	log     *slog.Logger

	mu        sync.Mutex
	started   bool
	listening chan struct{} // closed while a connection listens
	conn      *pgx.Conn     // the connection listening, if any
	stop      context.CancelFunc
	done      chan struct{}
}

func newChanges(ctx context.Context, s *Store, log *slog.Logger) (*changes, error) {
	var schema string
	if err := s.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return nil, fmt.Errorf("current schema: %w", err)
	}
	var id [8]byte
	_, _ = rand.Read(id[:])
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	connCfg := s.pool.Config().ConnConfig.Copy()
	// The listener's waits end by deadline every listenPing; pgx's
	// default would send the server a cancel request each time.
	connCfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.DeadlineContextWatcherHandler{Conn: pc.Conn()}
	}
	return &changes{
		node: hex.EncodeToString(id[:]), channel: channelFor(schema),
		connCfg: connCfg, log: log.With(slog.String("component", "changes")),
		listening: make(chan struct{}),
	}, nil
}

// message is a notice as NOTIFY carries it.
func (c *changes) message(topic, payload string) string {
	return c.node + "\n" + topic + "\n" + payload
}

// Notify implements store.Changes. Subscribers in this process have the
// notice when it returns; other nodes' have it moments later.
func (s *Store) Notify(ctx context.Context, topic, payload string) error {
	if err := store.CheckNotice(topic, payload); err != nil {
		return err
	}
	if _, err := s.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, s.changes.channel, s.changes.message(topic, payload)); err != nil {
		return fmt.Errorf("notify %s: %w", topic, err)
	}
	s.changes.hub.Deliver(topic, payload)
	return nil
}

// Notify implements store.Tx: PostgreSQL holds a NOTIFY made in a
// transaction until it commits, and drops it on rollback; this process's
// subscribers have it once the commit is done, before InTx returns.
func (t *Tx) Notify(ctx context.Context, topic, payload string) error {
	if err := store.CheckNotice(topic, payload); err != nil {
		return err
	}
	if _, err := t.tx.Exec(ctx, `SELECT pg_notify($1, $2)`, t.changes.channel, t.changes.message(topic, payload)); err != nil {
		return fmt.Errorf("notify %s: %w", topic, err)
	}
	t.pending.Add(topic, payload)
	return nil
}

// Subscribe implements store.Changes.
func (s *Store) Subscribe(ctx context.Context, topic string, sub store.Subscriber) (func(), error) {
	if err := store.CheckNotice(topic, ""); err != nil {
		return nil, err
	}
	c := s.changes
	remove := c.hub.Add(topic, sub)
	c.mu.Lock()
	if !c.started {
		c.started = true
		lctx, stop := context.WithCancel(context.Background())
		c.stop, c.done = stop, make(chan struct{})
		go c.listen(lctx)
	}
	listening := c.listening
	c.mu.Unlock()
	select {
	case <-listening:
		return remove, nil
	case <-ctx.Done():
		remove()
		return nil, fmt.Errorf("listen for change notices: %w", ctx.Err())
	}
}

// close stops the listener and waits for it.
func (c *changes) close() {
	c.mu.Lock()
	stop, done := c.stop, c.done
	c.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}

// listen keeps a connection listening until ctx ends, making it again
// whenever it drops.
func (c *changes) listen(ctx context.Context) {
	defer close(c.done)
	wait := listenRetryMin
	connected := false
	for ctx.Err() == nil {
		conn, err := c.connect(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			c.log.Warn("cannot listen for change notices; trying again", slog.Duration("in", wait), slog.Any("error", err))
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(2*wait, listenRetryMax)
			continue
		}
		wait = listenRetryMin
		if connected {
			// Whatever was sent while no connection listened is lost.
			c.log.Info("listening for change notices again; caches dropped")
			c.hub.Missed()
		}
		connected = true
		c.mu.Lock()
		c.conn = conn
		close(c.listening)
		c.mu.Unlock()

		err = c.receive(ctx, conn)

		c.mu.Lock()
		c.conn = nil
		c.listening = make(chan struct{})
		c.mu.Unlock()
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = conn.Close(closeCtx)
		cancel()
		if ctx.Err() == nil {
			c.log.Warn("lost the connection listening for change notices; connecting again", slog.Any("error", err))
		}
	}
}

func (c *changes) connect(ctx context.Context) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, c.connCfg.Copy())
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	if _, err := conn.Exec(cctx, "LISTEN "+pgx.Identifier{c.channel}.Sanitize()); err != nil {
		_ = conn.Close(context.Background())
		return nil, fmt.Errorf("listen: %w", err)
	}
	return conn, nil
}

// receive hands each notice on conn to the subscribers until ctx ends or
// the connection fails.
func (c *changes) receive(ctx context.Context, conn *pgx.Conn) error {
	for {
		wctx, cancel := context.WithTimeout(ctx, listenPing)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded):
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err = conn.Ping(pctx)
			cancel()
			if err != nil {
				return fmt.Errorf("ping: %w", err)
			}
			continue
		case err != nil:
			return err
		}
		node, rest, _ := strings.Cut(n.Payload, "\n")
		topic, payload, ok := strings.Cut(rest, "\n")
		if !ok || node == c.node {
			continue
		}
		c.hub.Deliver(topic, payload)
	}
}

// listenerPID is the server process of the listening connection, 0 when
// none listens.
func (c *changes) listenerPID() uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		return 0
	}
	return c.conn.PgConn().PID()
}
