package sqlite

import (
	"context"
	"database/sql"
	"sync/atomic"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivershared/baseservice"
	"github.com/riverqueue/river/rivershared/riverpilot"
	"github.com/riverqueue/river/rivertype"
)

// SQLite has no LISTEN/NOTIFY, so River finds jobs inserted inside a
// transaction only when it next polls (FetchPollInterval): an RSVP's
// processing, or a gathering's 200 deliveries, would wait up to a poll for
// nothing. River wakes its own producer after a job inserted outside a
// transaction, and hands that wake-up to a driver's pilot at start; the
// wakingDriver keeps it, and InTx calls it once a transaction that
// enqueued jobs has committed — only then can the jobs be fetched.
//
// The pilot hook is River's plugin interface (marked unstable). Should a
// future River stop calling it, wake does nothing and jobs are found at
// the next poll, as before: slower, never lost; the conformance case
// JobsWorkedWithoutWaitingForAPoll notices. With River 0.51 a wake-up that
// comes within a few milliseconds of a fetch is sometimes lost (a second
// one 30ms later did not help): those jobs, too, wait for the poll.

// wakingDriver is River's SQLite driver with a pilot that keeps River's
// producer wake-up.
type wakingDriver struct {
	*riversqlite.Driver
	pilot *wakingPilot
}

func newWakingDriver(db *sql.DB) *wakingDriver {
	return &wakingDriver{Driver: riversqlite.New(db), pilot: &wakingPilot{StandardPilot: &riverpilot.StandardPilot{}}}
}

// PluginInit is called by river.NewClient; there is nothing to set up.
func (d *wakingDriver) PluginInit(*baseservice.Archetype) {}

// PluginPilot is called by river.NewClient.
func (d *wakingDriver) PluginPilot() riverpilot.Pilot { return d.pilot }

// wake tells River's producer that committed jobs wait in the default
// queue, the only one Gather uses.
func (d *wakingDriver) wake(ctx context.Context) {
	if notify := d.pilot.notify.Load(); notify != nil {
		(*notify)(ctx, defaultQueueJob)
	}
}

var defaultQueueJob = []*rivertype.JobInsertResult{{Job: &rivertype.JobRow{Queue: river.QueueDefault}}}

// wakingPilot is River's standard pilot, remembering the wake-up River
// passes it.
type wakingPilot struct {
	*riverpilot.StandardPilot
	notify atomic.Pointer[func(context.Context, []*rivertype.JobInsertResult)]
}

// PilotInit implements riverpilot.Pilot.
func (p *wakingPilot) PilotInit(archetype *baseservice.Archetype, params *riverpilot.PilotInitParams) {
	p.StandardPilot.PilotInit(archetype, params)
	if params != nil && params.NotifyNonTxJobInsert != nil {
		p.notify.Store(&params.NotifyNonTxJobInsert)
	}
}
