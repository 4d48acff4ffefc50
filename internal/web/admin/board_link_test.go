package admin_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// TestGatheringLinksToItsBoard: once a gathering is public, its editor
// links to the now-and-next board, so organisers can put it on the lobby
// screen; a draft's has no board to link to.
func TestGatheringLinksToItsBoard(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleOrganiser)
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", &app.GatheringInput{Title: "Spring assembly", Timezone: "Europe/London",
		StartsAt: "2030-04-20T10:00", EndsAt: "2030-04-20T17:00",
		Venue: &app.VenueInput{Name: "Co-op workspace", Locality: "Leeds", Country: "GB"}}, false)
	require.NoError(t, err)
	gid := strconv.FormatInt(ref.ID, 10)
	br := b.browser(t)
	br.signIn("ada")
	board := b.inst.App.URLs().Board(ref.ID)

	require.NotContains(t, br.get("/admin/gatherings/"+gid).Body, board)
	_, err = b.inst.App.PublishGathering(t.Context(), ref.ID)
	require.NoError(t, err)
	editor := br.get("/admin/gatherings/" + gid)
	require.Equal(t, http.StatusOK, editor.Status)
	require.Contains(t, editor.Body, `href="`+board+`"`)
	require.Contains(t, text(editor.Doc), "Now-and-next board (for the lobby screen)")
	require.Equal(t, http.StatusOK, br.get("/gatherings/"+gid+"/now").Status, "the link leads to the board")
}
