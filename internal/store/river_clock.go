package store

import (
	"time"

	"github.com/riverqueue/river/rivertype"
)

// clock is a River time generator reading a given clock, so that a
// test that advances App's clock advances River's too: scheduled jobs
// come due, retries wait, by it.
type clock func() time.Time

func (c clock) Now() time.Time { return c() }

func (c clock) NowOrNil() *time.Time {
	t := c().UTC()
	return &t
}

// riverClock is River's time generator for now; nil (River's own) when
// now is nil.
func riverClock(now func() time.Time) rivertype.TimeGenerator {
	if now == nil {
		return nil
	}
	return clock(now)
}
