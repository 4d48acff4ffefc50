package pages_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestNetworkEmbed: the embeddable calendar lists what /network lists,
// with links that leave the frame, and only the sites the admin named
// may frame it.
func TestNetworkEmbed(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			f := newNetworkFixture(t, db)
			b := f.b

			p := b.get(t, "/network/embed")
			require.Equal(t, 200, p.Status, p.Body)
			csp := p.Header.Get("Content-Security-Policy")
			require.Contains(t, csp, "frame-ancestors 'none'", "no site named, none may frame it")
			require.NotContains(t, csp, "script-src", "no script at all")
			require.Empty(t, p.Header.Get("X-Frame-Options"))
			require.Empty(t, find(p.Doc, tag("script")))
			main := text(find(p.Doc, tag("main"))[0])
			require.Contains(t, main, "Spring gathering")
			require.Contains(t, main, "Old Fire Station, 40 George St, Oxford")
			require.Contains(t, main, "Leeds members' call")
			require.NotContains(t, main, "York social")
			for _, a := range find(p.Doc, tag("a")) {
				target, _ := attr(a, "target")
				href, _ := attr(a, "href")
				require.Equal(t, "_blank", target, "a link in a frame opens outside it: %s", href)
				require.True(t, strings.HasPrefix(href, "https://") || strings.HasPrefix(href, b.base), "an absolute link: %s", href)
			}

			require.NoError(t, b.inst.Store.InstanceSettingsSave(t.Context(), &model.InstanceSettings{
				EmbedOrigins: []string{"https://coop.example", "http://localhost:8080"}}))
			p = b.get(t, "/network/embed")
			require.Contains(t, p.Header.Get("Content-Security-Policy"), "frame-ancestors https://coop.example http://localhost:8080")

			one := b.get(t, fmt.Sprintf("/network/embed?source=%d", f.oxford.ID))
			require.Equal(t, 200, one.Status)
			require.Contains(t, one.Body, "Spring gathering")
			require.NotContains(t, one.Body, "Leeds members")
			require.Equal(t, 404, b.get(t, "/network/embed?source=abc").Status)
		})
	}
}

// TestNetworkJSONFeed: the JSON Feed holds the same events, readable by
// a script on any site.
func TestNetworkJSONFeed(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			f := newNetworkFixture(t, db)
			b := f.b

			res := b.get(t, "/network/events.json", "Origin", "https://coop.example")
			require.Equal(t, 200, res.Status, res.Body)
			require.Equal(t, "*", res.Header.Get("Access-Control-Allow-Origin"))
			require.Empty(t, res.Header.Get("Access-Control-Allow-Credentials"))
			require.Equal(t, "public, max-age=300", res.Header.Get("Cache-Control"))
			require.True(t, strings.HasPrefix(res.Header.Get("Content-Type"), "application/feed+json"))
			require.NotEmpty(t, res.Header.Get("ETag"))

			var feed struct {
				Version string `json:"version"`
				FeedURL string `json:"feed_url"`
				Items   []struct {
					ID            string `json:"id"`
					URL           string `json:"url"`
					Title         string `json:"title"`
					ContentText   string `json:"content_text"`
					DatePublished string `json:"date_published"`
					Gather        struct {
						StartsAt string  `json:"starts_at"`
						EndsAt   *string `json:"ends_at"`
						Timezone string  `json:"timezone"`
						Location string  `json:"location"`
						Online   bool    `json:"online"`
						HostName string  `json:"host_name"`
						HostURL  string  `json:"host_url"`
					} `json:"_gather"`
				} `json:"items"`
			}
			require.NoError(t, json.Unmarshal([]byte(res.Body), &feed))
			require.Equal(t, "https://jsonfeed.org/version/1.1", feed.Version)
			require.Equal(t, b.base+"/network/events.json", feed.FeedURL)
			require.Len(t, feed.Items, 2)
			spring := feed.Items[0]
			require.Equal(t, "https://oxford.example/g/spring", spring.URL)
			require.Equal(t, "Spring gathering", spring.Title)
			require.Contains(t, spring.ContentText, "Old Fire Station")
			require.NotEmpty(t, spring.DatePublished)
			require.Equal(t, fmt.Sprintf("%d-04-10T10:00:00+01:00", f.year), spring.Gather.StartsAt, "in its own zone")
			require.NotNil(t, spring.Gather.EndsAt)
			require.Equal(t, "Europe/London", spring.Gather.Timezone)
			require.Equal(t, "Old Fire Station, 40 George St, Oxford", spring.Gather.Location)
			require.False(t, spring.Gather.Online)
			require.Equal(t, "@events@oxford.example", spring.Gather.HostName)
			require.Equal(t, "https://oxford.example/actors/events", spring.Gather.HostURL)
			require.True(t, feed.Items[1].Gather.Online, "the Leeds call is online")

			require.Equal(t, 404, b.get(t, "/network/events.json?source=abc").Status)
		})
	}
}
