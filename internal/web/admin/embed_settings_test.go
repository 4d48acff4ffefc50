package admin_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestSettingsEmbeddingAllowedOn: the admin names the sites that may
// frame the network calendar, gets the snippet to paste, and is told
// plainly when an entry is not a site's address.
func TestSettingsEmbeddingAllowedOn(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			b := setup(t, db)
			b.user(t, "ada", model.RoleAdmin)
			br := b.browser(t)
			br.signIn("ada")

			page := br.get("/admin/settings")
			require.Equal(t, http.StatusOK, page.Status)
			snippet := text(byID(page.Doc, "embed-snippet"))
			require.Contains(t, snippet, `<iframe src="`+b.base+`/network/embed"`)
			require.Contains(t, snippet, `<a href="`+b.base+`/network">`, "a plain link where frames are off")
			require.Contains(t, text(byID(page.Doc, "embed_origins-hint")), "Leave it empty and no site may frame it")

			res := br.postFiles("/admin/settings?coop=events", settingsFields(map[string]string{
				"embed_origins": "https://Coop.example/\r\nhttp://localhost:8080",
			}), nil)
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			page = br.get(res.location())
			require.Equal(t, []string{"https://coop.example", "http://localhost:8080"}, strings.Fields(text(byID(page.Doc, "embed_origins"))), "cleaned up as saved")
			embed := br.get("/network/embed")
			require.Contains(t, embed.Header.Get("Content-Security-Policy"), "frame-ancestors https://coop.example http://localhost:8080")

			for _, bad := range []string{"https://coop.example/calendar", "coop.example", "https://*.example", "ftp://coop.example"} {
				res = br.postFiles("/admin/settings?coop=events", settingsFields(map[string]string{"embed_origins": bad}), nil)
				require.Equal(t, http.StatusBadRequest, res.Status, bad)
				requireFieldError(t, res.Doc, "embed_origins", "is not a site address: give only the scheme and host")
				require.Equal(t, bad, strings.TrimSpace(text(byID(res.Doc, "embed_origins"))), "what was typed stays")
			}
			embed = br.get("/network/embed")
			require.Contains(t, embed.Header.Get("Content-Security-Policy"), "frame-ancestors https://coop.example http://localhost:8080", "nothing saved")
		})
	}
}
