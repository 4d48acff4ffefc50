package pages_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestNetworkCalendarHasOurGatheringsToo: the network calendar, its
// feeds and its embed show our own published gatherings beside the
// partners', in start order, hosted by us; ?source=ours keeps only ours;
// drafts and sessions stay out; and the profile's "Coming up in the
// network" does not list ours a second time.
func TestNetworkCalendarHasOurGatheringsToo(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			f := newNetworkFixture(t, db)
			b := f.b
			// The example, moved to the fixture's year: before its partners'.
			year := func(at string) string { return fmt.Sprint(f.year) + strings.TrimPrefix(at, "2027") }
			ours := b.create(t, true, func(in *app.GatheringInput) {
				in.StartsAt, in.EndsAt = year(in.StartsAt), year(in.EndsAt)
				for i := range in.Sessions {
					in.Sessions[i].StartsAt, in.Sessions[i].EndsAt = year(in.Sessions[i].StartsAt), year(in.Sessions[i].EndsAt)
				}
			})
			b.create(t, false, func(in *app.GatheringInput) { in.Title = "Draft planning day" })
			host := b.inst.App.URLs().Host()

			p := b.get(t, "/network")
			require.Equal(t, 200, p.Status, p.Body)
			main := text(find(p.Doc, tag("main"))[0])
			require.Contains(t, main, "Tech co-op network gathering")
			require.Contains(t, main, "Hosted by @events@"+host+" (us)")
			require.Contains(t, main, "Co-op workspace, 1 Example Road, London, N1 0AA, GB")
			require.NotContains(t, main, "Draft planning day", "a draft is nobody's to see")
			require.NotContains(t, main, "Welcome and session sign-ups", "sessions stay under their gathering")
			require.Less(t, strings.Index(main, "Tech co-op network gathering"), strings.Index(main, "Spring gathering"), "in start order with theirs")
			require.Contains(t, p.Body, `href="`+b.base+`/@events">`, "our host line links to our profile")

			only := b.get(t, "/network?source=ours")
			require.Equal(t, 200, only.Status)
			require.Contains(t, only.Body, "Tech co-op network gathering")
			require.NotContains(t, only.Body, "Spring gathering")
			require.Contains(t, only.Body, `aria-current="page">@events@`+host+` (us)</a>`)
			partner := b.get(t, fmt.Sprintf("/network?source=%d", f.oxford.ID))
			require.NotContains(t, partner.Body, "Tech co-op network gathering", "one partner's filter keeps theirs only")

			cal := b.get(t, "/network/calendar.ics")
			parsed, err := ics.ParseCalendar(strings.NewReader(cal.Body))
			require.NoError(t, err)
			var uids []string
			for _, e := range parsed.Events() {
				uids = append(uids, e.Id())
			}
			require.Equal(t, []string{ours.APID, "https://oxford.example/gatherings/7", "https://leeds.example/events/3"}, uids)

			res := b.get(t, "/network/events.json?source=ours")
			require.Equal(t, 200, res.Status)
			var feed struct {
				Items []struct {
					ID     string `json:"id"`
					URL    string `json:"url"`
					Gather struct {
						HostName string `json:"host_name"`
						Location string `json:"location"`
					} `json:"_gather"`
				} `json:"items"`
			}
			require.NoError(t, json.Unmarshal([]byte(res.Body), &feed))
			require.Len(t, feed.Items, 1)
			require.Equal(t, ours.APID, feed.Items[0].URL)
			require.Equal(t, "@events@"+host, feed.Items[0].Gather.HostName)

			embed := b.get(t, "/network/embed?source=ours")
			require.Equal(t, 200, embed.Status)
			require.Contains(t, embed.Body, "Coming up at "+host)
			require.Contains(t, embed.Body, "Tech co-op network gathering")

			profile := text(find(b.get(t, "/@events").Doc, tag("main"))[0])
			require.Equal(t, 1, strings.Count(profile, "Tech co-op network gathering"), "listed as ours, not again as the network's")
			require.Contains(t, profile, "Spring gathering")
		})
	}
}
