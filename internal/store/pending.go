package store

import (
	"context"
	"fmt"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/gather-coop/gather/migrations"
)

// DescribePending names the migrations a backend's Migrate would run: ours
// as "0019_name", then River's dry run as "river 006 bulk unique".
func DescribePending(ours []migrations.Migration, river *rivermigrate.MigrateResult) []string {
	var out []string
	for _, m := range ours {
		out = append(out, fmt.Sprintf("%04d_%s", m.Version, m.Name))
	}
	if river != nil {
		for _, v := range river.Versions {
			out = append(out, fmt.Sprintf("river %03d %s", v.Version, v.Name))
		}
	}
	return out
}

// PendingMigrations lists what a backend's Migrate would apply on a
// database of dialect at version applied, ours then River's (whose dry run
// reads driver's database), changing nothing.
func PendingMigrations[TTx any](ctx context.Context, dialect string, applied int, driver riverdriver.Driver[TTx]) ([]string, error) {
	ms, err := migrations.List(dialect)
	if err != nil {
		return nil, err
	}
	pending, err := migrations.Pending(ms, applied)
	if err != nil {
		return nil, err
	}
	migrator, err := rivermigrate.New(driver, nil)
	if err != nil {
		return nil, fmt.Errorf("job schema: %w", err)
	}
	res, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{DryRun: true})
	if err != nil {
		return nil, fmt.Errorf("job schema: %w", err)
	}
	return DescribePending(pending, res), nil
}

// MigrateJobs brings River's own tables, in driver's database, up to the
// version this build's River wants. Each backend's Migrate runs it after
// ours.
func MigrateJobs[TTx any](ctx context.Context, driver riverdriver.Driver[TTx]) error {
	migrator, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("job schema: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate job schema: %w", err)
	}
	return nil
}
