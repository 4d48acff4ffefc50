package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// slotDay is a gathering with two times of side-by-side sessions, so two
// slot polls: at 10:30 rooms of 40, 15 and 200 places, at 13:00 of 40,
// 15 and 300.
func slotDay() *app.GatheringInput {
	year := time.Now().Year() + 1
	at := func(hm string) string { return fmt.Sprintf("%d-04-10T%s", year, hm) }
	places := func(n int) *int { return &n }
	return &app.GatheringInput{Title: "Co-op day", Timezone: "Europe/London", StartsAt: at("10:00"), EndsAt: at("17:00"),
		Venue: &app.VenueInput{Name: "Co-op hall"},
		Rooms: []app.RoomInput{{Name: "Main", Capacity: places(40)}, {Name: "Small", Capacity: places(15)},
			{Name: "Hall", Capacity: places(200)}, {Name: "Garden", Capacity: places(300)}},
		Sessions: []app.SessionInput{
			{Title: "Co-op law", Kind: "workshop", Room: ptr("Main"), StartsAt: at("10:30"), EndsAt: at("12:00")},
			{Title: "Bookkeeping", Kind: "workshop", Room: ptr("Small"), StartsAt: at("10:30"), EndsAt: at("12:00")},
			{Title: "Big Tech", Kind: "talk", Room: ptr("Hall"), StartsAt: at("10:30"), EndsAt: at("12:00")},
			{Title: "Pricing", Kind: "workshop", Room: ptr("Main"), StartsAt: at("13:00"), EndsAt: at("14:30")},
			{Title: "Governance", Kind: "workshop", Room: ptr("Small"), StartsAt: at("13:00"), EndsAt: at("14:30")},
			{Title: "Open space", Kind: "open_space", Room: ptr("Garden"), StartsAt: at("13:00"), EndsAt: at("14:30")},
		}}
}

// BenchmarkSlotPollVotes is issue 19's load: 1,000 people on 100 servers,
// none known to us, each vote once in one of a gathering's two slot polls
// (half in each, spread over its three options), so that the small rooms
// fill at once and most of their voters wait. The clock runs from the
// first POST until the JSON API lists every voter going or waitlisted for
// the session they chose. As in BenchmarkRSVPByReplyFromStrangers each
// vote costs a key fetch first, the votes are signed before the clock
// starts, and the confirmations go to a host known to be down. votes/s
// and s-per-1000 are the figures; fraction-of-sign-limit is votes/s over
// what this machine's cores could sign in the same run (one signed key
// fetch per new person is the least each vote costs).
//
//	go test -run '^$' -bench SlotPollVotes -benchtime 1x -count 3 ./internal/e2e/
func BenchmarkSlotPollVotes(b *testing.B) {
	onDatabases(b, func(b *testing.B, db string) {
		const hosts, perHost = 100, 10
		for range b.N {
			b.StopTimer()
			ctx := context.Background()
			gather := servertest.Start(b, db)
			tok := benchToken(b, gather)
			ref, err := gather.App.CreateGathering(ctx, "events", slotDay(), true)
			require.NoError(b, err)
			// The slot polls of a fresh database, in time order.
			polls := []struct {
				id      string
				options []string
			}{
				{ref.APID + "/slots/1", []string{"Co-op law · Main", "Bookkeeping · Small", "Big Tech · Hall"}},
				{ref.APID + "/slots/2", []string{"Pricing · Main", "Governance · Small", "Open space · Garden"}},
			}
			for _, p := range polls {
				var q struct {
					OneOf []struct {
						Name string `json:"name"`
					} `json:"oneOf"`
				}
				benchGet(b, p.id, "application/activity+json", "", &q)
				require.Len(b, q.OneOf, len(p.options), p.id)
				for i, o := range q.OneOf {
					require.Equal(b, p.options[i], o.Name, p.id)
				}
			}
			servers := strangerServers(b, hosts, unreachableHost(b, gather))
			coop := gather.Base + "/actors/events"
			requests := make([]*http.Request, 0, hosts*perHost)
			chose := map[string]int{} // option name → votes
			for p := range perHost {
				for h, srv := range servers {
					person := srv.AddActor(fmt.Sprintf("p%d", p))
					n := p*hosts + h
					poll := polls[n%2]
					option := poll.options[(n/2)%3]
					chose[option]++
					requests = append(requests, signedPost(b, person, gather.Base+"/inbox", person.Vote(poll.id, coop, option)))
				}
			}
			signRate := rsaSignRate(b)
			runtime.GC()

			b.StartTimer()
			start, cpu := time.Now(), cpuTime()
			postAll(b, requests)
			posted := time.Since(start)
			waitEvery(b, "every vote stored", 5*time.Millisecond, func() bool {
				n := 0
				for _, s := range ref.Sessions {
					counts, err := gather.Store.RSVPCounts(ctx, ref.ID, &s.ID)
					require.NoError(b, err)
					n += counts[model.RSVPGoing] + counts[model.RSVPWaitlisted]
				}
				return n == len(requests)
			})
			listed := sessionAnswersInAPI(b, gather, tok, ref.ID)
			elapsed, cpu := time.Since(start), cpuTime()-cpu
			b.StopTimer()

			// Each room's places are taken and the rest wait, by the API.
			in := slotDay()
			for i, s := range in.Sessions {
				option := s.Title + " · " + *s.Room
				places := *in.Rooms[roomIndex(in, *s.Room)].Capacity
				want := map[string]int{"going": min(places, chose[option])}
				if chose[option] > places {
					want["waitlisted"] = chose[option] - places
				}
				require.Equal(b, want, listed[ref.Sessions[i].APID], option)
			}
			b.ReportMetric(float64(len(requests))/elapsed.Seconds(), "votes/s")
			b.ReportMetric(elapsed.Seconds()*1000/float64(len(requests)), "s-per-1000")
			b.ReportMetric(cpu.Seconds()*1000/float64(len(requests)), "cpu-ms/vote")
			b.ReportMetric(posted.Seconds(), "s-to-accept-all")
			b.ReportMetric(signRate, "rsa-signs/s/core")
			b.ReportMetric(float64(len(requests))/elapsed.Seconds()/(signRate*float64(runtime.GOMAXPROCS(0))), "fraction-of-sign-limit")
		}
	})
}

func roomIndex(in *app.GatheringInput, name string) int {
	for i, r := range in.Rooms {
		if r.Name == name {
			return i
		}
	}
	return -1
}

// sessionAnswersInAPI asks the JSON API, as an organiser's script would,
// for the answers to gatheringID's sessions: by session id, the count of
// each status.
func sessionAnswersInAPI(b *testing.B, gather *servertest.Instance, token string, gatheringID int64) map[string]map[string]int {
	var list struct {
		RSVPs []struct {
			APID   string `json:"ap_id"`
			Status string `json:"status"`
		} `json:"rsvps"`
	}
	benchGet(b, fmt.Sprintf("%s/api/v1/gatherings/%d/rsvps", gather.Base, gatheringID), "application/json", token, &list)
	gathering := gather.App.URLs().Gathering(gatheringID)
	out := map[string]map[string]int{}
	for _, r := range list.RSVPs {
		if r.APID == gathering {
			continue
		}
		if out[r.APID] == nil {
			out[r.APID] = map[string]int{}
		}
		out[r.APID][r.Status]++
	}
	return out
}

// benchGet GETs url as accept (with a bearer token when given) into out.
func benchGet(b *testing.B, url, accept, token string, out any) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(b, err)
	req.Header.Set("Accept", accept)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(b, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(b, err)
	require.Equal(b, http.StatusOK, resp.StatusCode, string(body))
	require.NoError(b, json.Unmarshal(body, out), string(body))
}
