package federation_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

const (
	alice     = "https://gts.test/users/alice"
	aliceFol  = "https://gts.test/users/alice/followers"
	coopEvent = "https://coop-a.test/events/2"
	gtsCoop   = "https://coop-a.test/actors/events"
)

// TestDecodeActivityGoToSocial decodes every activity a real GoToSocial
// sent (testdata/gotosocial/, bodies byte for byte).
func TestDecodeActivityGoToSocial(t *testing.T) {
	t.Parallel()
	published := time.Date(2026, 11, 24, 6, 58, 34, 0, time.UTC)
	tests := []struct {
		file   string
		want   federation.Activity // Raw, Context and Objects are checked apart
		listed bool                // Public in "to": shown in public listings

	}{
		{"follow.json", federation.Activity{
			ID: "https://gts.test/users/alice/follow/01TG45WP31FAZ8XXFFBFKB93BF", Type: "Follow", Actor: alice,
			Object: federation.ObjectRef{ID: gtsCoop},
			To:     []string{gtsCoop},
		}, false},
		{"undo-follow.json", federation.Activity{
			ID: "https://gts.test/022DCPCZRXE80YMJ9GQWF5Q4M0", Type: "Undo", Actor: alice,
			Object: federation.ObjectRef{ID: "https://gts.test/users/alice/follow/01TG45WP31FAZ8XXFFBFKB93BF", Type: "Follow"},
			To:     []string{gtsCoop},
		}, false},
		{"reply-public.json", federation.Activity{
			ID: "https://gts.test/users/alice/statuses/01M865JRKV6JHF738G429HHJ5D/activity#Create", Type: "Create", Actor: alice,
			Object:    federation.ObjectRef{ID: "https://gts.test/users/alice/statuses/01M865JRKV6JHF738G429HHJ5D", Type: "Note"},
			To:        []string{federation.Public},
			CC:        []string{aliceFol, gtsCoop},
			Published: published,
		}, true},
		{"reply-unlisted.json", federation.Activity{
			ID: "https://gts.test/users/alice/statuses/01M865JRS80CPH5TWA3REK48N1/activity#Create", Type: "Create", Actor: alice,
			Object:    federation.ObjectRef{ID: "https://gts.test/users/alice/statuses/01M865JRS80CPH5TWA3REK48N1", Type: "Note"},
			To:        []string{aliceFol},
			CC:        []string{federation.Public, gtsCoop},
			Published: published,
		}, false},
		{"reply-followers-only.json", federation.Activity{
			ID: "https://gts.test/users/alice/statuses/01M865JRYCGMT81W5DWV89BSTT/activity#Create", Type: "Create", Actor: alice,
			Object:    federation.ObjectRef{ID: "https://gts.test/users/alice/statuses/01M865JRYCGMT81W5DWV89BSTT", Type: "Note"},
			To:        []string{aliceFol},
			CC:        []string{gtsCoop},
			Published: published,
		}, false},
		{"reply-direct.json", federation.Activity{
			ID: "https://gts.test/users/alice/statuses/01M865JS37FBSS1HPAT5X4JQGF/activity#Create", Type: "Create", Actor: alice,
			Object:    federation.ObjectRef{ID: "https://gts.test/users/alice/statuses/01M865JS37FBSS1HPAT5X4JQGF", Type: "Note"},
			To:        []string{gtsCoop},
			Published: published,
		}, false},
		{"reply-edited.json", federation.Activity{
			ID: "https://gts.test/users/alice/statuses/01M865JRKV6JHF738G429HHJ5D/activity#Update", Type: "Update", Actor: alice,
			Object:    federation.ObjectRef{ID: "https://gts.test/users/alice/statuses/01M865JRKV6JHF738G429HHJ5D", Type: "Note"},
			To:        []string{federation.Public},
			CC:        []string{aliceFol, gtsCoop},
			Published: published,
		}, true},
		{"reply-deleted.json", federation.Activity{
			ID: "https://gts.test/0167AF61HF4AAQ1NEGS0DQ5GYN", Type: "Delete", Actor: alice,
			Object: federation.ObjectRef{ID: "https://gts.test/users/alice/statuses/01M865JRS80CPH5TWA3REK48N1"},
			To:     []string{federation.Public},
			CC:     []string{aliceFol, gtsCoop},
		}, true},
		{"like.json", federation.Activity{
			ID: "https://gts.test/users/alice/liked/01M865JV9M0E0AT84MHN8M6E33", Type: "Like", Actor: alice,
			Object: federation.ObjectRef{ID: coopEvent},
			To:     []string{gtsCoop},
		}, false},
		{"undo-like.json", federation.Activity{
			ID: "https://gts.test/01W11ZRAB79Z3K9E5MS4X1056S", Type: "Undo", Actor: alice,
			Object: federation.ObjectRef{ID: "https://gts.test/users/alice/liked/01M865JV9M0E0AT84MHN8M6E33", Type: "Like"},
			To:     []string{gtsCoop},
		}, false},
		{"announce.json", federation.Activity{
			ID: "https://gts.test/users/alice/statuses/01M865JVC3519FAMAXTJDZY0X4", Type: "Announce", Actor: alice,
			Object:    federation.ObjectRef{ID: coopEvent},
			To:        []string{aliceFol},
			CC:        []string{gtsCoop, federation.Public},
			Published: time.Date(2026, 11, 24, 6, 58, 37, 0, time.UTC),
		}, false},
		{"undo-announce.json", federation.Activity{
			ID: "https://gts.test/01GTC0F66FB9TVJCXNGHTE75GA", Type: "Undo", Actor: alice,
			Object: federation.ObjectRef{ID: "https://gts.test/users/alice/statuses/01M865JVC3519FAMAXTJDZY0X4", Type: "Announce"},
			To:     []string{aliceFol},
			CC:     []string{gtsCoop, federation.Public},
		}, false},
		{"poll-vote.json", federation.Activity{
			ID: "https://gts.test/users/alice/activity#vote0/https://coop-a.test/polls/19", Type: "Create", Actor: alice,
			Object:    federation.ObjectRef{ID: "https://gts.test/users/alice#01M865JW9GR44G6ZMF9TZYTPXY/votes/0", Type: "Note"},
			To:        []string{gtsCoop},
			Published: time.Date(2026, 11, 24, 6, 58, 40, 0, time.UTC),
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			body := readTestdata(t, "gotosocial/"+tt.file)
			got, err := federation.DecodeActivity(body)
			require.NoError(t, err)

			require.Equal(t, body, []byte(got.Raw))
			require.NotEmpty(t, got.Context)
			require.Len(t, got.Objects, 1)
			require.Equal(t, got.Object, got.Objects[0])
			if tt.want.Object.Type != "" {
				require.True(t, got.Object.IsEmbedded())
				require.True(t, json.Valid(got.Object.Raw))
			} else {
				require.False(t, got.Object.IsEmbedded())
			}
			tt.want.Object.Raw = got.Object.Raw
			got.Raw, got.Context, got.Objects = nil, nil, nil
			require.Equal(t, &tt.want, got)

			listed := false
			for _, addr := range got.To {
				listed = listed || federation.IsPublic(addr)
			}
			require.Equal(t, tt.listed, listed)
		})
	}
}

func TestDecodeActivityEmbeddedFollow(t *testing.T) {
	t.Parallel()
	undo, err := federation.DecodeActivity(readTestdata(t, "gotosocial/undo-follow.json"))
	require.NoError(t, err)
	follow, err := undo.Object.Activity()
	require.NoError(t, err)
	require.Equal(t, "Follow", follow.Type)
	require.Equal(t, alice, follow.Actor)
	require.Equal(t, gtsCoop, follow.Object.ID)

	like, err := federation.DecodeActivity(readTestdata(t, "gotosocial/like.json"))
	require.NoError(t, err)
	_, err = like.Object.Activity()
	require.ErrorIs(t, err, federation.ErrMalformed)
}

func TestDecodeActivityShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		actor   string
		objects []federation.ObjectRef
		target  federation.ObjectRef
		to, cc  []string
	}{
		{
			name:  "actor as object, to and cc as objects",
			body:  `{"id":"https://a.example/1","type":"Follow","actor":{"id":"https://a.example/u","type":"Person"},"object":"https://b.example/g","to":{"id":"https://b.example/g"},"cc":[]}`,
			actor: "https://a.example/u", objects: []federation.ObjectRef{{ID: "https://b.example/g"}},
			to: []string{"https://b.example/g"},
		},
		{
			name:  "actor as list",
			body:  `{"id":"https://a.example/1","type":"Like","actor":["https://a.example/u","https://a.example/v"],"object":"https://b.example/e"}`,
			actor: "https://a.example/u", objects: []federation.ObjectRef{{ID: "https://b.example/e"}},
		},
		{
			name:  "several objects, mixed; type as list; target",
			body:  `{"id":"https://a.example/1","type":["Create"],"actor":"https://a.example/u","object":[{"id":"https://a.example/n1","type":"Note"},"https://a.example/n2",7,null],"target":{"id":"https://b.example/c","type":"Collection"}}`,
			actor: "https://a.example/u",
			objects: []federation.ObjectRef{
				{ID: "https://a.example/n1", Type: "Note", Raw: json.RawMessage(`{"id":"https://a.example/n1","type":"Note"}`)},
				{ID: "https://a.example/n2"},
			},
			target: federation.ObjectRef{ID: "https://b.example/c", Type: "Collection", Raw: json.RawMessage(`{"id":"https://b.example/c","type":"Collection"}`)},
		},
		{
			name:  "no object, short public forms, junk in to",
			body:  `{"id":"http://a.example/1","type":"Arrive","actor":"http://a.example/u","to":["as:Public",3,null,""],"cc":"Public"}`,
			actor: "http://a.example/u",
			to:    []string{"as:Public"}, cc: []string{"Public"},
		},
		{
			name:  "exact key match: Actor and ID are not actor and id",
			body:  `{"id":"https://a.example/1","ID":"https://evil.example/1","type":"Follow","actor":"https://a.example/u","Actor":"https://evil.example/u"}`,
			actor: "https://a.example/u",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := federation.DecodeActivity([]byte(tt.body))
			require.NoError(t, err)
			require.Equal(t, tt.actor, got.Actor)
			require.Equal(t, tt.objects, got.Objects)
			if len(tt.objects) > 0 {
				require.Equal(t, tt.objects[0], got.Object)
			} else {
				require.True(t, got.Object.IsZero())
			}
			require.Equal(t, tt.target, got.Target)
			require.Equal(t, tt.to, got.To)
			require.Equal(t, tt.cc, got.CC)
		})
	}
}

func TestDecodeActivityErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want string
	}{
		{"empty", ``, "not a JSON object"},
		{"null", `null`, "not a JSON object"},
		{"array", `[{"id":"https://a.example/1"}]`, "not a JSON object"},
		{"truncated", `{"id":"https://a.example/1","type":"Fol`, "unexpected end"},
		{"no type", `{"id":"https://a.example/1","actor":"https://a.example/u"}`, "missing type"},
		{"type not a string", `{"id":"https://a.example/1","type":5,"actor":"https://a.example/u"}`, "missing type"},
		{"no id", `{"type":"Follow","actor":"https://a.example/u"}`, `id ""`},
		{"relative id", `{"id":"/1","type":"Follow","actor":"https://a.example/u"}`, `id "/1"`},
		{"id with other scheme", `{"id":"urn:uuid:1","type":"Follow","actor":"https://a.example/u"}`, `id "urn:uuid:1"`},
		{"no actor", `{"id":"https://a.example/1","type":"Follow"}`, `actor ""`},
		{"actor object without id", `{"id":"https://a.example/1","type":"Follow","actor":{"type":"Person"}}`, `actor ""`},
		{"actor a number", `{"id":"https://a.example/1","type":"Follow","actor":42}`, `actor ""`},
		{"actor without host", `{"id":"https://a.example/1","type":"Follow","actor":"https:///u"}`, `actor "https:///u"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := federation.DecodeActivity([]byte(tt.body))
			require.ErrorIs(t, err, federation.ErrMalformed)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

func TestDecodeActivityCopiesBody(t *testing.T) {
	t.Parallel()
	body := readTestdata(t, "gotosocial/follow.json")
	got, err := federation.DecodeActivity(body)
	require.NoError(t, err)
	want := bytes.Clone(body)
	clear(body)
	require.Equal(t, want, []byte(got.Raw))
}

func TestIsPublic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr string
		want bool
	}{
		{"https://www.w3.org/ns/activitystreams#Public", true},
		{"as:Public", true},
		{"Public", true},
		{"http://www.w3.org/ns/activitystreams#Public", false},
		{"public", false},
		{"https://gts.test/users/alice/followers", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, federation.IsPublic(tt.addr))
		})
	}
}

// FuzzDecodeActivity checks that no body makes DecodeActivity panic, and
// that what it accepts keeps its promises. The seed corpus in
// testdata/fuzz/FuzzDecodeActivity holds every GoToSocial body and some
// broken ones.
func FuzzDecodeActivity(f *testing.F) {
	f.Add([]byte(`{"id":"https://a.example/1","type":"Follow","actor":"https://a.example/u","object":"https://b.example/g"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := federation.DecodeActivity(body)
		if err != nil {
			require.ErrorIs(t, err, federation.ErrMalformed)
			require.Nil(t, a)
			return
		}
		require.NotEmpty(t, a.ID)
		require.NotEmpty(t, a.Type)
		require.NotEmpty(t, a.Actor)
		require.Equal(t, body, []byte(a.Raw))
		if len(a.Objects) > 0 {
			require.Equal(t, a.Objects[0], a.Object)
		}
		for _, o := range a.Objects {
			require.False(t, o.IsZero())
			if o.IsEmbedded() {
				require.True(t, json.Valid(o.Raw))
				_, _ = o.Activity() // must not panic either
			}
		}
	})
}
