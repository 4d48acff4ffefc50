package gathering

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWithRunningOrder: the running order replaces its own part of the
// description only, and a title cannot make Markdown of itself.
func TestWithRunningOrder(t *testing.T) {
	t.Parallel()
	lines := []string{"1. " + escapeMarkdown("[Click](https://evil.example) *now*") + " — Kim"}
	got := withRunningOrder("Five minutes each.", lines)
	require.Equal(t, "Five minutes each.\n\n"+LightningHeading+"\n\n1. \\[Click\\]\\(https://evil\\.example\\) \\*now\\* — Kim", got)
	require.Equal(t, "Five minutes each.\n\n"+LightningHeading+"\n\n1. B — Sam", withRunningOrder(got, []string{"1. B — Sam"}), "rewritten, not added")
	require.Equal(t, "Five minutes each.", withRunningOrder(got, nil), "an empty list leaves the organisers' words")
	require.Equal(t, LightningHeading+"\n\n1. B — Sam", withRunningOrder("", []string{"1. B — Sam"}))
}
