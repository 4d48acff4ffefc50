package store

import (
	"fmt"

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
