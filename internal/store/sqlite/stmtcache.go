package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache prepares each statement once per pool: modernc's SQLite parses
// every statement it is given afresh, and parsing is a large share of a
// short statement's time — time the single writer holds everyone else up.
type stmtCache struct {
	db     *sql.DB
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	missed map[string]bool // seen in a transaction before being prepared
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}, missed: map[string]bool{}}
}

// lookup returns the prepared form of query if there is one, and otherwise
// notes it, to be prepared once the transaction that asked is over: inside
// one, the write pool's only connection is taken.
func (c *stmtCache) lookup(query string) (*sql.Stmt, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.stmts[query]
	if !ok && c.stmts != nil && len(c.missed) < 1000 {
		c.missed[query] = true
	}
	return s, ok
}

// prepareMissed prepares the statements transactions asked for. Call it
// with no transaction open on the pool.
func (c *stmtCache) prepareMissed(ctx context.Context) {
	c.mu.Lock()
	queries := make([]string, 0, len(c.missed))
	for q := range c.missed {
		queries = append(queries, q)
	}
	c.missed = map[string]bool{}
	c.mu.Unlock()
	for _, q := range queries {
		_, _ = c.stmt(ctx, q) // a statement that fails to prepare runs unprepared
	}
}

// stmt returns the prepared form of query, preparing it the first time.
func (c *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	s, ok := c.stmts[query]
	c.mu.Unlock()
	if ok {
		return s, nil
	}
	// Prepare without the lock: it waits for a connection, which a
	// transaction that is looking up a statement may hold.
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stmts == nil { // closed meanwhile
		_ = s.Close()
		return nil, sql.ErrConnDone
	}
	if existing, ok := c.stmts[query]; ok {
		_ = s.Close()
		return existing, nil
	}
	c.stmts[query] = s
	return s, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		_ = s.Close()
	}
	c.stmts = nil
}

// preparedDB runs statements on a pool through the cache.
type preparedDB struct{ c *stmtCache }

func (p preparedDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := p.c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (p preparedDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := p.c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (p preparedDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := p.c.stmt(ctx, query)
	if err != nil {
		// database/sql offers no way to make a *sql.Row carry an error;
		// let the pool report it as it would.
		return p.c.db.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// preparedTx runs statements in a transaction through the write pool's
// cache: the transaction holds the pool's one connection, on which every
// cached statement is already prepared.
type preparedTx struct {
	c  *stmtCache
	tx *sql.Tx
}

func (p preparedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s, ok := p.c.lookup(query); ok {
		return p.tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return p.tx.ExecContext(ctx, query, args...)
}

func (p preparedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s, ok := p.c.lookup(query); ok {
		return p.tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return p.tx.QueryContext(ctx, query, args...)
}

func (p preparedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s, ok := p.c.lookup(query); ok {
		return p.tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return p.tx.QueryRowContext(ctx, query, args...)
}
