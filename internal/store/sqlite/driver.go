package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"reflect"
	"sync"

	"modernc.org/sqlite"
)

// driverName is modernc's SQLite driver with a statement cache on each
// connection. modernc parses every statement it is given afresh; a cached
// statement is parsed once per connection. The cache serves everything
// that runs on the connection, River's queries included, which matters
// most on the write pool: its single connection holds every other writer
// up while it parses.
const driverName = "sqlite-gather"

var registerOnce sync.Once

func registerDriver() {
	registerOnce.Do(func() { sql.Register(driverName, cachingDriver{inner: &sqlite.Driver{}}) })
}

type cachingDriver struct{ inner driver.Driver }

func (d cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	return &cachingConn{inner: c, stmts: map[string]*cachedStmt{}}, nil
}

// maxCachedStmts bounds each connection's cache; queries built with a
// varying number of placeholders would otherwise grow it for ever.
const maxCachedStmts = 256

// cachingConn is one connection and its prepared statements. database/sql
// uses a connection from one goroutine at a time, so it needs no lock.
type cachingConn struct {
	inner driver.Conn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	stmt driver.Stmt
	busy bool // its rows are still open
}

// stmt returns a prepared statement for query and the func to call when
// done with it. A statement whose rows are still being read (the same query
// run again inside the loop) is not reused: a fresh one is prepared.
func (c *cachingConn) stmt(ctx context.Context, query string) (driver.Stmt, func(), error) {
	if cs, ok := c.stmts[query]; ok && !cs.busy {
		cs.busy = true
		return cs.stmt, func() { cs.busy = false }, nil
	}
	s, err := c.inner.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	if _, ok := c.stmts[query]; ok || len(c.stmts) >= maxCachedStmts {
		return s, func() { _ = s.Close() }, nil
	}
	cs := &cachedStmt{stmt: s, busy: true}
	c.stmts[query] = cs
	return s, func() { cs.busy = false }, nil
}

// ExecContext implements driver.ExecerContext. Statements without
// arguments (scripts such as migrations, BEGIN…) are not cached.
func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if len(args) == 0 {
		return c.inner.(driver.ExecerContext).ExecContext(ctx, query, args)
	}
	s, release, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.(driver.StmtExecContext).ExecContext(ctx, args)
}

// QueryContext implements driver.QueryerContext.
func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) == 0 {
		return c.inner.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	s, release, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := s.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		release()
		return nil, err
	}
	return &releasingRows{inner: rows, release: release}, nil
}

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) { return c.inner.Prepare(query) }

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.inner.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *cachingConn) Begin() (driver.Tx, error) { return c.inner.Begin() } //nolint:staticcheck // required by driver.Conn

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.inner.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *cachingConn) Close() error {
	for _, cs := range c.stmts {
		_ = cs.stmt.Close()
	}
	c.stmts = nil
	return c.inner.Close()
}

func (c *cachingConn) Ping(ctx context.Context) error { return c.inner.(driver.Pinger).Ping(ctx) }

func (c *cachingConn) ResetSession(ctx context.Context) error {
	return c.inner.(driver.SessionResetter).ResetSession(ctx)
}

func (c *cachingConn) IsValid() bool { return c.inner.(driver.Validator).IsValid() }

// releasingRows gives its statement back to the cache when closed.
type releasingRows struct {
	inner   driver.Rows
	release func()
	done    bool
}

func (r *releasingRows) Columns() []string              { return r.inner.Columns() }
func (r *releasingRows) Next(dest []driver.Value) error { return r.inner.Next(dest) }

func (r *releasingRows) Close() error {
	err := r.inner.Close()
	if !r.done {
		r.done = true
		r.release()
	}
	return err
}

// The column-type methods pass modernc's answers through.

func (r *releasingRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.inner.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *releasingRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.inner.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *releasingRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.inner.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}
