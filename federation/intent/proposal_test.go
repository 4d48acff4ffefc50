package intent_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/intent"
)

func TestReadProposal(t *testing.T) {
	t.Parallel()
	mention := `<span class="h-card"><a href="https://coop.example/@events" class="u-url mention">@<span>events</span></a></span> `
	tag := func(name string) string {
		return `<a href="https://m.example/tags/` + name + `" class="mention hashtag" rel="tag">#<span>` + name + `</span></a>`
	}
	long := strings.Repeat("word ", 40)
	for _, c := range []struct {
		name, html string
		tags       []string
		want       intent.Proposal
		ok         bool
	}{
		{"Mastodon's hashtag link", `<p>` + mention + tag("openspace") + ` Co-op finance</p>`, []string{"#openspace"},
			intent.Proposal{Kind: "openspace", Title: "Co-op finance"}, true},
		{"bare text, any case", `<p>#Lightning Worker buyouts in 5 minutes</p>`, nil,
			intent.Proposal{Kind: "lightning", Title: "Worker buyouts in 5 minutes"}, true},
		{"title on the next line", `<p>` + mention + tag("lightning") + `<br>Our payroll, explained</p>`, nil,
			intent.Proposal{Kind: "lightning", Title: "Our payroll, explained"}, true},
		{"punctuation, mentions and links dropped, other tags unmarked", `<p>#openspace: ` + tag("housing") + ` co-ops @kim@m.example https://x.example</p>`, nil,
			intent.Proposal{Kind: "openspace", Title: "housing co-ops"}, true},
		{"only among the tags", `<p>` + mention + `Seed funding for new co-ops</p>`, []string{"lightning"},
			intent.Proposal{Kind: "lightning", Title: "Seed funding for new co-ops"}, true},
		{"no title", `<p>` + mention + tag("lightning") + `</p>`, nil, intent.Proposal{Kind: "lightning"}, false},
		{"another hashtag only", `<p>I'm going! ` + tag("coop") + `</p>`, []string{"#coop"}, intent.Proposal{}, false},
		{"a word, not a hashtag", `<p>lightning fast, going</p>`, nil, intent.Proposal{}, false},
		{"script is not text", `<p>#openspace <script>alert(1)</script>Safety</p>`, nil,
			intent.Proposal{Kind: "openspace", Title: "Safety"}, true},
		{"cut on a word", `<p>#openspace ` + long + `</p>`, nil,
			intent.Proposal{Kind: "openspace", Title: strings.TrimSpace(strings.Repeat("word ", 19)) + "…"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, ok := intent.ReadProposal(c.html, c.tags)
			require.Equal(t, c.ok, ok)
			require.Equal(t, c.want, got)
			require.LessOrEqual(t, len([]rune(got.Title)), intent.MaxProposalTitle)
		})
	}
}
