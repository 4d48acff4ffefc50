package jobs

import (
	"github.com/riverqueue/river"

	"github.com/gather-coop/gather/internal/app"
)

// Register adds every Gather worker to workers.
func Register(workers *river.Workers, a *app.App) {
	_ = a
	_ = workers
}
