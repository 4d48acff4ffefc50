package event

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
)

// TestCallLinkForThoseGoing: which link a person going is sent, and
// whether it is the private one.
func TestCallLinkForThoseGoing(t *testing.T) {
	u := localurl.URLs{Base: "https://coop.example"}
	private := &model.Series{ID: 7, CallURL: "https://call.example/secret", LinkForAttendees: true}
	public := &model.Series{ID: 7, CallURL: "https://call.example/open"}
	page := u.Series(7)
	for _, tc := range []struct {
		name      string
		online    string
		series    *model.Series
		link      string
		isPrivate bool
	}{
		{"a gathering of its own", "https://meet.example/x", nil, "https://meet.example/x", false},
		{"a gathering with no link", "", nil, "", false},
		{"an occurrence showing the series' page", page, private, "https://call.example/secret", true},
		{"an occurrence with no public link", "", private, "https://call.example/secret", true},
		{"an occurrence moved to a room of its own, published", "https://meet.example/other", private, "https://meet.example/other", false},
		{"an occurrence of a series whose link is public", "https://call.example/open", public, "https://call.example/open", false},
		{"an occurrence of a public series, its link not copied", "", public, "https://call.example/open", false},
	} {
		link, isPrivate := CallLink(u, model.Gathering{OnlineURL: tc.online}, tc.series)
		require.Equal(t, tc.link, link, tc.name)
		require.Equal(t, tc.isPrivate, isPrivate, tc.name)
	}
}
