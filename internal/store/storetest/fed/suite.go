// Package fed is the part of the store conformance suite about federation:
// remote actors, follows, inbox and outbox, hosts, domain blocks,
// moderation, reports, change notices and the inbox counts.
package fed

import (
	"testing"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// Run runs this part against the backend h opens. The SQLite and PostgreSQL tests call it beside
// storetest.Run, with the same harness.
func Run(t *testing.T, h Harness) {
	runFederation(t, h)
	runModeration(t, h)
	runReports(t, h)
	runReportStates(t, h)
	runChanges(t, h)
	runInboxCounts(t, h)
}

// Harness is the suite's: what a backend gives it.
type Harness = storetest.Harness

// The harness's fixtures, under the names the tests use.

type bundle struct {
	store  store.Store
	worked chan string
}

func setup(t *testing.T, h Harness) *bundle {
	t.Helper()
	b := storetest.Setup(t, h)
	return &bundle{store: b.Store, worked: b.Worked}
}

func newActor(handle string) *store.ActorCreateParams {
	return storetest.NewActor(handle)
}

func newGathering(actorID int64, title string, start time.Time) *model.Gathering {
	return storetest.NewGathering(actorID, title, start)
}

func remote(host, user string, shared bool) *model.RemoteActor {
	return storetest.Remote(host, user, shared)
}
