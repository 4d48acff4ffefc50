package federation_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

// TestDeeplyNestedLinksAreNotFollowed: an actor or a note whose icon or url
// nests {"url": {"url": …}} 9,900 deep (80 kB, within JSON's depth limit)
// used to cost 13 s of parsing, each level decoding everything below it
// again. Only the first levels are read now, so the deep link is not found
// (BenchmarkDeeplyNestedLinks measures the cost).
func TestDeeplyNestedLinksAreNotFollowed(t *testing.T) {
	t.Parallel()
	const depth = 9900
	nested := strings.Repeat(`{"url":`, depth) + `"https://a.example/deep"` + strings.Repeat(`}`, depth)
	actor := `{"id":"https://a.example/u","type":"Person","inbox":"https://a.example/i","icon":` + nested + `,"url":` + nested + `}`
	note := `{"id":"https://a.example/n","type":"Note","attributedTo":"https://a.example/u","url":` + nested + `}`

	a, err := federation.ParseActor([]byte(actor))
	require.NoError(t, err)
	require.Empty(t, a.IconURL, "too deep to be a real icon")
	_, err = federation.ParseNote([]byte(note))
	require.NoError(t, err)

	shallow := `{"id":"https://a.example/u","type":"Person","inbox":"https://a.example/i",` +
		`"icon":{"type":"Image","url":{"type":"Link","href":"https://a.example/icon.png"}}}`
	a, err = federation.ParseActor([]byte(shallow))
	require.NoError(t, err)
	require.Equal(t, "https://a.example/icon.png", a.IconURL, "an Image whose url is a Link is still read")
}

// BenchmarkDeeplyNestedLinks: an actor and a note nesting url 9,900 deep
// (80 kB each). Reading links only three objects deep keeps this to about
// the cost of decoding the JSON; unbounded, it took 13 s.
func BenchmarkDeeplyNestedLinks(b *testing.B) {
	const depth = 9900
	nested := strings.Repeat(`{"url":`, depth) + `"https://a.example/deep"` + strings.Repeat(`}`, depth)
	actor := []byte(`{"id":"https://a.example/u","type":"Person","inbox":"https://a.example/i","icon":` + nested + `,"url":` + nested + `}`)
	note := []byte(`{"id":"https://a.example/n","type":"Note","attributedTo":"https://a.example/u","url":` + nested + `}`)
	for b.Loop() {
		if _, err := federation.ParseActor(actor); err != nil {
			b.Fatal(err)
		}
		if _, err := federation.ParseNote(note); err != nil {
			b.Fatal(err)
		}
	}
}
