package pages_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestOEmbed: a link to one of our gatherings unfurls as a frame of its
// card; anything else is a JSON error a consumer can read.
func TestOEmbed(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			inst := servertest.Start(t, db)
			b := &testBundle{inst: inst, base: inst.Base}
			ref := b.create(t, true, nil)
			draft := b.create(t, false, nil)

			// The gathering's page says where its oEmbed is.
			p := b.get(t, strings.TrimPrefix(ref.URL, b.base))
			require.Equal(t, 200, p.Status)
			var discovery string
			for _, l := range find(p.Doc, tag("link")) {
				if typ, _ := attr(l, "type"); typ == "application/json+oembed" {
					discovery, _ = attr(l, "href")
				}
			}
			require.Equal(t, b.base+"/oembed?format=json&url="+url.QueryEscape(ref.URL), discovery)

			res := b.get(t, strings.TrimPrefix(discovery, b.base)+"&maxwidth=400")
			require.Equal(t, 200, res.Status, res.Body)
			require.True(t, strings.HasPrefix(res.Header.Get("Content-Type"), "application/json"))
			require.Equal(t, "*", res.Header.Get("Access-Control-Allow-Origin"))
			var o map[string]any
			require.NoError(t, json.Unmarshal([]byte(res.Body), &o))
			require.Equal(t, "rich", o["type"])
			require.Equal(t, "1.0", o["version"])
			require.Equal(t, "Tech co-op network gathering", o["title"])
			require.NotEmpty(t, o["author_name"])
			require.Equal(t, b.inst.App.URLs().Host(), o["provider_name"])
			require.Equal(t, b.base+"/", o["provider_url"])
			require.EqualValues(t, 400, o["width"], "maxwidth is kept to")
			require.EqualValues(t, 180, o["height"])
			require.Contains(t, o["html"], `<iframe src="`+ref.URL+`/embed"`)

			// A shared link with tracking still unfurls.
			require.Equal(t, 200, b.get(t, "/oembed?url="+url.QueryEscape(ref.URL+"?utm_source=chat#schedule")).Status)

			card := b.get(t, strings.TrimPrefix(ref.URL, b.base)+"/embed")
			require.Equal(t, 200, card.Status)
			require.Contains(t, card.Header.Get("Content-Security-Policy"), "frame-ancestors *")
			require.Empty(t, find(card.Doc, tag("script")))
			require.Contains(t, text(find(card.Doc, tag("main"))[0]), "Tech co-op network gathering")

			for _, c := range []struct {
				query  string
				status int
				field  string
			}{
				{"", 400, "url"},
				{"?url=" + url.QueryEscape(ref.URL) + "&format=xml", 501, "format"},
				{"?url=" + url.QueryEscape("https://elsewhere.example/gatherings/1"), 404, "url"},
				{"?url=" + url.QueryEscape(b.base+"/@events"), 404, "url"},
				{"?url=" + url.QueryEscape(ref.URL+"/poll"), 404, "url"},
				{"?url=" + url.QueryEscape(ref.URL+"/slots/1"), 404, "url"},
				{"?url=" + url.QueryEscape(draft.URL), 404, ""},
			} {
				res := b.get(t, "/oembed"+c.query)
				require.Equal(t, c.status, res.Status, c.query)
				var e struct{ Error, Field string }
				require.NoError(t, json.Unmarshal([]byte(res.Body), &e), res.Body)
				require.NotEmpty(t, e.Error)
				if c.field != "" {
					require.Equal(t, c.field, e.Field, c.query)
				}
			}
			require.Equal(t, 404, b.get(t, strings.TrimPrefix(draft.URL, b.base)+"/embed").Status, "a draft has no card")
		})
	}
}
