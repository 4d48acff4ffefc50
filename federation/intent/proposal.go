package intent

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Proposal kinds, as ReadProposal names them: the hashtag without its #.
const (
	ProposalLightning = "lightning"
	ProposalOpenSpace = "openspace"
)

// MaxProposalTitle is how many characters of a proposal's title are kept.
const MaxProposalTitle = 100

// proposalTags are the hashtags that propose, folded, and their kind.
var proposalTags = map[string]string{
	"lightning": ProposalLightning, "lightningtalk": ProposalLightning,
	"openspace": ProposalOpenSpace, "open_space": ProposalOpenSpace,
}

// Proposal is a lightning talk or an open-space topic a reply proposes.
type Proposal struct {
	Kind  string // ProposalLightning or ProposalOpenSpace
	Title string // plain text, one line, at most MaxProposalTitle characters
}

// ReadProposal reads a reply that proposes a lightning talk ("#lightning
// Title") or an open-space topic ("#openspace Topic"). The hashtag may be
// Mastodon's link (<a class="hashtag">#<span>lightning</span></a>) or
// bare text; the title is the rest of its line, or the next line when
// the hashtag ends its own. Servers that put the hashtag only among the
// note's tags (hashtags: the Hashtag tags' names, "#lightning" or
// "lightning") propose the whole text. In the title, mentions and links
// are dropped, other hashtags lose their #, and it is cut to
// MaxProposalTitle characters on a word. A proposal without a title is
// none.
func ReadProposal(contentHTML string, hashtags []string) (Proposal, bool) {
	lines := strings.Split(proposalText(contentHTML), "\n")
	for i, line := range lines {
		words := strings.Fields(line)
		for j, w := range words {
			kind, ok := proposalTags[strings.ToLower(strings.TrimRight(strings.TrimPrefix(w, "#"), closeMarks))]
			if !ok || !strings.HasPrefix(w, "#") {
				continue
			}
			title := cleanTitle(words[j+1:])
			for k := i + 1; title == "" && k < len(lines); k++ {
				title = cleanTitle(strings.Fields(lines[k]))
			}
			return Proposal{Kind: kind, Title: title}, title != ""
		}
	}
	for _, tag := range hashtags {
		if kind, ok := proposalTags[strings.ToLower(strings.TrimPrefix(tag, "#"))]; ok {
			title := cleanTitle(strings.Fields(strings.Join(lines, " ")))
			return Proposal{Kind: kind, Title: title}, title != ""
		}
	}
	return Proposal{}, false
}

// proposalText is the post's text as PlainText reads it, but with its
// hashtags kept.
func proposalText(contentHTML string) string {
	doc, err := html.Parse(strings.NewReader(contentHTML))
	if err != nil {
		return tokenText(contentHTML)
	}
	return htmlText(doc)
}

// cleanTitle makes a title of words: mentions and URLs dropped, hashtags
// unmarked, control characters gone, leading punctuation (": ", "– ")
// trimmed, cut to length.
func cleanTitle(words []string) string {
	var kept []string
	for _, w := range words {
		core := strings.TrimRight(strings.TrimLeft(w, openMarks), closeMarks)
		if droppable(core) && !strings.HasPrefix(core, "#") { // a mention or a URL
			continue
		}
		w = strings.Replace(w, "#", "", 1)
		w = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				return -1
			}
			return r
		}, w)
		if w != "" {
			kept = append(kept, w)
		}
	}
	title := strings.TrimLeft(strings.Join(kept, " "), ":-–—|· ")
	return cutTitle(strings.TrimSpace(title))
}

// cutTitle cuts s to MaxProposalTitle characters, on a space when there
// is one in its second half, with an ellipsis.
func cutTitle(s string) string {
	if utf8.RuneCountInString(s) <= MaxProposalTitle {
		return s
	}
	r := []rune(s)[:MaxProposalTitle-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
