package input_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/model"
)

func valid() input.GatheringInput {
	online := "https://meet.example.coop/agm"
	return input.GatheringInput{
		Title: "  Annual general meeting ", Summary: "Our year, and the next.", Timezone: "Europe/London",
		StartsAt: "2027-03-27T10:00", EndsAt: "2027-03-27T16:00", OnlineURL: &online,
	}
}

// TestGatheringValidation: what an organiser writes is either taken, as
// they meant it, or refused with each mistake named by its field.
func TestGatheringValidation(t *testing.T) {
	t.Parallel()
	str := func(s string) *string { return &s }
	places := func(n int) *int { return &n }
	lat := func(f float64) *float64 { return &f }
	for _, tc := range []struct {
		name   string
		change func(in *input.GatheringInput)
		fields []string // the fields named, in order; none: valid
	}{
		{"valid", func(*input.GatheringInput) {}, nil},
		{"a venue instead of a link", func(in *input.GatheringInput) {
			in.OnlineURL, in.Venue = nil, &input.VenueInput{Name: "Union Hall", Locality: "Leeds"}
		}, nil},
		{"a time with an offset", func(in *input.GatheringInput) { in.StartsAt = "2027-03-27T10:00:00+01:00" }, nil},
		{"no title", func(in *input.GatheringInput) { in.Title = "  " }, []string{"title"}},
		{"a title too long", func(in *input.GatheringInput) { in.Title = strings.Repeat("a", 201) }, []string{"title"}},
		{"a summary of three lines", func(in *input.GatheringInput) { in.Summary = "one\ntwo\nthree" }, []string{"summary"}},
		{"no time zone", func(in *input.GatheringInput) { in.Timezone = "" }, []string{"timezone"}},
		{"a made-up time zone", func(in *input.GatheringInput) { in.Timezone = "Mars/Olympus" }, []string{"timezone"}},
		{"the server's zone is not a zone", func(in *input.GatheringInput) { in.Timezone = "Local" }, []string{"timezone"}},
		{"no start", func(in *input.GatheringInput) { in.StartsAt = "" }, []string{"starts_at"}},
		{"a start that is no date", func(in *input.GatheringInput) { in.StartsAt = "next Tuesday" }, []string{"starts_at"}},
		{"ends before it starts", func(in *input.GatheringInput) { in.EndsAt = "2027-03-27T09:00" }, []string{"ends_at"}},
		{"ends as it starts", func(in *input.GatheringInput) { in.EndsAt = in.StartsAt }, []string{"ends_at"}},
		{"nowhere", func(in *input.GatheringInput) { in.OnlineURL = nil }, []string{"venue"}},
		{"a link that is no web address", func(in *input.GatheringInput) { in.OnlineURL = str("meet.example.coop") }, []string{"online_url"}},
		{"a venue off the globe", func(in *input.GatheringInput) {
			in.Venue = &input.VenueInput{Name: "Hall", Latitude: lat(91), Longitude: lat(0)}
		}, []string{"venue.latitude"}},
		{"an unknown category", func(in *input.GatheringInput) { in.Category = "KARAOKE" }, []string{"category"}},
		{"a tag of two words", func(in *input.GatheringInput) { in.Tags = []string{"coops", "general meeting"} }, []string{"tags[1]"}},
		{"two rooms of one name", func(in *input.GatheringInput) {
			in.Rooms = []input.RoomInput{{Name: "Hall"}, {Name: "hall"}}
		}, []string{"rooms[1].name"}},
		{"a room for nobody", func(in *input.GatheringInput) { in.Rooms = []input.RoomInput{{Name: "Hall", Capacity: places(0)}} }, []string{"rooms[0].capacity"}},
		{"a track with no name", func(in *input.GatheringInput) { in.Tracks = []string{" "} }, []string{"tracks[0]"}},
		{"every mistake at once", func(in *input.GatheringInput) {
			in.Title, in.Timezone, in.OnlineURL, in.Category = "", "", nil, "KARAOKE"
		}, []string{"title", "timezone", "venue", "category"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := valid()
			tc.change(&in)
			var g model.Gathering
			err := input.Gathering(&in, &g)
			var fields []string
			for _, v := range apperr.ValidationErrors(err) {
				fields = append(fields, v.Field)
				assert.NotEmpty(t, v.Msg, "each mistake is said in words")
			}
			assert.Equal(t, tc.fields, fields, "%v", err)
			if tc.fields == nil {
				require.NoError(t, err)
			}
		})
	}
}

// TestGatheringTakesWhatWasMeant: a valid input becomes the gathering its
// organiser meant, local times read in its zone.
func TestGatheringTakesWhatWasMeant(t *testing.T) {
	t.Parallel()
	in := valid()
	in.Category, in.Tags = " learning ", []string{"#coops", "Coops", "agm"}
	var g model.Gathering
	require.NoError(t, input.Gathering(&in, &g))
	assert.Equal(t, "Annual general meeting", g.Title, "trimmed")
	assert.Equal(t, time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC), g.StartsAt, "10:00 in London in March is 10:00 UTC")
	assert.Equal(t, "LEARNING", g.Category)
	assert.Equal(t, []string{"coops", "agm"}, g.Tags, "the # dropped, each tag once whatever its case")

	in = valid()
	in.StartsAt, in.EndsAt = "2027-07-01T10:00", "2027-07-01T12:00"
	require.NoError(t, input.Gathering(&in, &g))
	assert.Equal(t, time.Date(2027, 7, 1, 9, 0, 0, 0, time.UTC), g.StartsAt, "summer time")
	assert.Equal(t, "MEETING", g.Category, "a gathering is a meeting unless it says otherwise")
}
