package intent_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/intent"
)

func TestPlainText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"mastodon mention and entity", mastodon("I&#39;m going!"), "I'm going!"},
		{"gotosocial", gts("I'm going! (public)"), "I'm going! (public)"},
		{"akkoma without p", akkoma("coming &amp; bringing cake"), "coming & bringing cake"},
		{"misskey full handle", misskey("going"), "going"},
		{"hashtag link", mastodon("going " + hashtag("coops") + " " + hashtag("leeds")), "going"},
		{"bare hashtag", "going #coops #Leeds2027", "going"},
		{"link text", mastodon("map: " + link("maps.example/x") + " see you"), "map: see you"},
		{"link with words", `<p>details <a href="https://x.example">on our site</a> going</p>`, "details going"},
		{"bare urls", "going https://coop.example/e/1 and www.example.org too", "going and too"},
		{"bare mentions", "@events @alice@social.example going", "going"},
		{"mention keeps question mark", "anyone going @events?", "anyone going?"},
		{"dropped word keeps brackets", "(see https://x.example) going", "(see) going"},
		{"email stays", "mail me at sam@coop.example", "mail me at sam@coop.example"},
		{"entities", "fish &amp; chips &lt;3 &quot;yes&quot; caf&eacute; &#x1F44D;", `fish & chips <3 "yes" café 👍`},
		{"br and paragraphs", mastodon("Can&#39;t make it<br>have fun!") + "<p></p><p>x</p>", "Can't make it\nhave fun!\nx"},
		{"whitespace", "  going \t\u00a0 now \n\n\n later  ", "going now\nlater"},
		{"blockquote and quote-inline", `<p class="quote-inline">RE: <a href="https://x.example/1">x</a></p><blockquote>not going</blockquote><p>going</p>`, "going"},
		{"script and style", `<script>going()</script><style>p{}</style>maybe`, "maybe"},
		{"comment", `going<!-- not going -->`, "going"},
		{"unclosed tags", `<p>I&#39;m <b>definitely</b> going<p>unclosed <i>too`, "I'm definitely going\nunclosed too"},
		{"unclosed mention link", `<span class="h-card"><a class="mention">@<span>events</span> going`, ""},
		{"plain text", "I'm going", "I'm going"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, intent.PlainText(tt.in))
		})
	}
}

// TestPlainTextDeepNesting covers HTML that html.Parse refuses (over 512
// open elements): it is read tag by tag, with the same things dropped.
func TestPlainTextDeepNesting(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("<div><span>", 600)
	in := deep + mastodon("I&#39;m going "+hashtag("coop")) + `<blockquote>not going</blockquote>` +
		`<a href="https://x.example">can't go</a><br>see you` + strings.Repeat("</span></div>", 600)
	require.Equal(t, "I'm going\nsee you", intent.PlainText(in))
	require.Equal(t, intent.Going, intent.Read(in))
	require.Equal(t, "going", intent.PlainText(strings.Repeat("<p>", 10000)+"going"))
}
