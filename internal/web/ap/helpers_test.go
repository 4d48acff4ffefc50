package ap_test

import "github.com/gather-coop/gather/internal/app"

func appProfile(approval bool) app.ProfileParams {
	return app.ProfileParams{Name: "Co-op events", SummaryHTML: "<p>Gatherings of tech co-ops.</p>",
		ManuallyApprovesFollowers: approval, Discoverable: true}
}
