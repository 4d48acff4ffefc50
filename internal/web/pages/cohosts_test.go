package pages_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/internal/model"
)

// TestGatheringPageNamesItsCoHosts: the gathering's page says who hosts
// it with us, linking a co-host found on its server to its profile there,
// naming one whose server has not answered yet by its handle, and leaving
// out one found to exist nowhere.
func TestGatheringPageNamesItsCoHosts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ref := b.create(t, true, nil)
	require.NoError(t, b.inst.Store.CoHostsSet(t.Context(), ref.ID, []model.CoHost{
		{Name: "Oxford tech co-op", Handle: "@coop@oxford.example", ActorURI: "https://oxford.example/actors/coop",
			ProfileURL: "https://oxford.example/@coop"},
		{Handle: "@events@leeds.example", Lookup: model.LookupPending},
		{Handle: "@nobody@york.example", Lookup: model.LookupNotFound},
	}))

	p := b.get(t, fmt.Sprintf("/gatherings/%d", ref.ID))
	require.Equal(t, http.StatusOK, p.Status)
	eyebrow := find(p.Doc, func(n *html.Node) bool { return hasClass(n, "eyebrow") })
	require.NotEmpty(t, eyebrow)
	require.Equal(t, "Co-op events with Oxford tech co-op, @events@leeds.example", text(eyebrow[0]))
	require.Contains(t, p.Body, `<a href="https://oxford.example/@coop" rel="nofollow">Oxford tech co-op</a>`)
	require.NotContains(t, p.Body, "york.example")
}
