package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/gather-coop/gather/internal/store"
)

// App holds the rules. Handlers and jobs call its methods; it reads and
// writes through the store.
type App struct {
	store  store.Store
	log    *slog.Logger
	now    func() time.Time
	origin string
}

// Config is what New needs.
type Config struct {
	Store store.Store
	// BaseURL is the public origin, e.g. https://events.example.coop.
	BaseURL string
	Logger  *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// New returns an App.
func New(c Config) *App {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	log := c.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &App{store: c.Store, log: log, now: now, origin: c.BaseURL}
}

// ValidationError is input a person can fix: it names the field and says
// what is wrong in words fit to show them.
type ValidationError struct {
	Field string
	Msg   string
}

func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// ErrUnauthenticated means the credentials given do not match anyone.
var ErrUnauthenticated = errors.New("missing or wrong credentials")

// Ready reports whether the database answers and its schema is current.
func (a *App) Ready(ctx context.Context) error {
	if err := a.store.Ping(ctx); err != nil {
		return err
	}
	status, err := a.store.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	if !status.Current() {
		return fmt.Errorf("schema at version %d, want %d", status.Applied, status.Latest)
	}
	return nil
}

// JobCounts returns the number of jobs in each state, for metrics.
func (a *App) JobCounts(ctx context.Context) (map[string]int, error) {
	return a.store.JobCounts(ctx)
}
