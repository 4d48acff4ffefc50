package inbox

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAsksMySessions: the whole message asks for one's sessions, give or
// take the mention of us and a please; a comment that only mentions them
// among other words does not.
func TestAsksMySessions(t *testing.T) {
	mention := `<span class="h-card"><a href="https://us.example/@events" class="u-url mention">@<span>events</span></a></span> `
	for _, yes := range []string{"my sessions", "My sessions?", mention + "my sessions please", "<p>What are my sessions?</p>",
		"my schedule", "My day!", "Hi, my sessions, thanks", "what’s my schedule"} {
		require.True(t, asksMySessions(yes), yes)
	}
	for _, no := range []string{"I'm going!", "I loved my sessions last year", "my sessions were great, see you", "sessions", "", mention} {
		require.False(t, asksMySessions(no), no)
	}
}
