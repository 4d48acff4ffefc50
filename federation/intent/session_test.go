package intent_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/intent"
)

// coopDay is a gathering's programme as the session-naming tests see it.
var coopDay = []intent.Choice{
	{Title: "Pricing workshop", Kind: "workshop"},
	{Title: "Big Tech and the co-op alternative", Kind: "talk"},
	{Title: "Bookkeeping for beginners", Kind: "workshop"},
	{Title: "Lunch", Kind: "meal"},
	{Title: "Going green: energy co-ops", Kind: "talk"},
}

// TestNameSession shows which session a reply to Co-op Day names: the
// index into coopDay, or the choices when it is unclear.
func TestNameSession(t *testing.T) {
	t.Parallel()
	const none = -1
	cases := []struct {
		in      string
		want    int
		unclear []int
	}{
		// Named clearly.
		{mastodon("I&#39;ll go to the pricing workshop"), 0, nil},
		{mastodon("put me down for big tech"), 1, nil},
		{mastodon("Put me down for BIG TECH please!"), 1, nil},
		{mastodon("count me in for the co-op alternative talk"), 1, nil},
		{gts("going to bookkeeping"), 2, nil},
		{gts("Bookkeeping 🙋"), 2, nil},
		{mastodon("I&#39;ll come to the book-keeping workshop"), 2, nil},
		{mastodon("I&#39;ll come to the bookkeep workshop"), 2, nil},
		{mastodon("going to lunch only"), 3, nil},
		{mastodon("not going to the pricing workshop"), 0, nil},
		{mastodon("Can&#39;t make big tech after all"), 1, nil},
		{mastodon("Prícing wörkshop, count me in"), 0, nil},
		{mastodon("going green!"), 4, nil},
		{mastodon("Energy co-ops, I&#39;m in"), 4, nil},
		// Names the gathering, not a session.
		{mastodon("I&#39;m going!"), none, nil},
		{mastodon("Going! See you at the co-op"), none, nil},
		{mastodon("Going to Co-op Day!"), none, nil},
		{mastodon("Going. Is the pricing workshop full?"), none, nil},
		{mastodon("Count me in, thanks"), none, nil},
		{mastodon("Going, I&#39;ll bring cake"), none, nil},
		// Unclear.
		{mastodon("going to the workshop"), none, []int{0, 2}},
		{mastodon("I&#39;ll go to the talk"), none, []int{1, 4}},
		{mastodon("I&#39;ll do pricing and big tech"), none, []int{0, 1}},
		// A kind word alone names the only session of its kind.
		{mastodon("going, and to the meal"), 3, nil},
	}
	for _, c := range cases {
		got := intent.NameSession(c.in, "Co-op Day", coopDay)
		require.Equal(t, c.want, got.Index, "%s", c.in)
		require.Equal(t, c.unclear, got.Unclear, "%s", c.in)
	}
}

// TestNameSessionSharedWords: a word several titles share names none of
// them, but one that only one has, or a kind word, tells them apart.
func TestNameSessionSharedWords(t *testing.T) {
	t.Parallel()
	choices := []intent.Choice{
		{Title: "Pricing for co-ops", Kind: "workshop"},
		{Title: "Pricing for charities", Kind: "talk"},
		{Title: "Pricing", Kind: "talk"},
	}
	cases := []struct {
		in      string
		want    int
		unclear []int
	}{
		{"going to pricing for charities", 1, nil},
		{"going to charities", 1, nil},
		{"going to the pricing workshop", 0, nil},
		{"pricing for co-ops", 0, nil},
		{"the pricing talk, count me in", 2, nil},
		{"pricing!", 2, nil},
		{"going to pricing for co-ops and pricing for charities", -1, []int{0, 1}},
		{"going to pricing", 2, nil},
	}
	for _, c := range cases {
		got := intent.NameSessionText(c.in, "Spring meet-up", choices)
		require.Equal(t, c.want, got.Index, c.in)
		require.Equal(t, c.unclear, got.Unclear, c.in)
	}

	twice := []intent.Choice{{Title: "Co-op law", Kind: "workshop"}, {Title: "Co-op law", Kind: "workshop"}}
	got := intent.NameSessionText("I'll go to co-op law", "Co-op day", twice)
	require.Equal(t, []int{0, 1}, got.Unclear, "the same title at two times is unclear")

	// The gathering's words alone name no session.
	got = intent.NameSessionText("Pricing, going", "Pricing day", []intent.Choice{{Title: "Pricing basics"}, {Title: "Lunch"}})
	require.Equal(t, intent.Named{Index: -1}, got)
}

// TestNameSessionNothingToChoose: no sessions, or a reply with no words.
func TestNameSessionNothingToChoose(t *testing.T) {
	t.Parallel()
	require.Equal(t, intent.Named{Index: -1}, intent.NameSession(mastodon("going to the workshop"), "Day", nil))
	require.Equal(t, intent.Named{Index: -1}, intent.NameSession("", "Day", coopDay))
	require.Equal(t, intent.Named{Index: -1}, intent.NameSession("<p>   </p>", "", coopDay))
	long := strings.Repeat("pricing ", 10000)
	require.Equal(t, 0, intent.NameSessionText(long, "Day", coopDay).Index)
}

// FuzzNameSession feeds any reply and any titles (one a line). It must
// not panic; the answer is one index in range, or choices in range, in
// order and more than one, never both; and the HTML and plain-text forms
// agree.
// The seed corpus is in testdata/fuzz/FuzzNameSession.
func FuzzNameSession(f *testing.F) {
	f.Fuzz(func(t *testing.T, content, gathering, titles string) {
		var choices []intent.Choice
		for i, line := range strings.Split(titles, "\n") {
			choices = append(choices, intent.Choice{Title: line, Kind: []string{"workshop", "talk", "", "meal"}[i%4]})
		}
		got := intent.NameSession(content, gathering, choices)
		if got.Index < -1 || got.Index >= len(choices) {
			t.Fatalf("Index %d of %d choices", got.Index, len(choices))
		}
		if got.Index >= 0 && got.Unclear != nil {
			t.Fatalf("both an index and choices: %+v", got)
		}
		if got.Unclear != nil && (len(got.Unclear) < 2 || !slices.IsSorted(got.Unclear) ||
			len(slices.Compact(slices.Clone(got.Unclear))) != len(got.Unclear) ||
			got.Unclear[0] < 0 || got.Unclear[len(got.Unclear)-1] >= len(choices)) {
			t.Fatalf("choices %v of %d", got.Unclear, len(choices))
		}
		if !intent.MayNameSession(content) && (got.Index >= 0 || got.Unclear != nil) {
			t.Fatalf("MayNameSession(%q) is false, but NameSession = %+v", content, got)
		}
		if again := intent.NameSessionText(intent.PlainText(content), gathering, choices); !equalNamed(again, got) {
			t.Fatalf("NameSession(%q) = %+v but NameSessionText of its text = %+v", content, got, again)
		}
	})
}

func equalNamed(a, b intent.Named) bool {
	return a.Index == b.Index && slices.Equal(a.Unclear, b.Unclear)
}

// TestMayNameSession: a reply of nothing but an answer names no session,
// so its gathering's sessions need not be read; any other word may.
func TestMayNameSession(t *testing.T) {
	for content, want := range map[string]bool{
		"<p>I'm going!</p>":                      false,
		"<p>Count me in 🎉</p>":                   false,
		"<p>Not going.</p>":                      false,
		"<p>I'll go to the pricing workshop</p>": true,
		"<p>put me down for big tech</p>":        true,
		"<p>Going to the workshop</p>":           true,
	} {
		require.Equal(t, want, intent.MayNameSession(content), content)
	}
}
