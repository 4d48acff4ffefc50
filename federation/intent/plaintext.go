package intent

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PlainText returns the words of a post's HTML content as a person reads
// them, without what is not theirs to say:
//
//   - mentions: h-card spans and links with class "mention", and bare
//     @user or @user@host words;
//   - links: the text of every <a> (a hashtag link keeps its "#word",
//     which then goes as a hashtag), and bare URLs (http://…, www.…);
//   - hashtags: every #word;
//   - quotations: <blockquote> and Mastodon's quote-inline "RE: …" line;
//   - scripts, styles and images.
//
// Character references are decoded (&#39; is '). Block elements and
// <br> end a line; spaces and blank lines collapse to one space or one
// line break, and the result is trimmed. Malformed HTML is read as a
// browser would read it; HTML nested too deep for that (over 512 open
// elements) is read tag by tag instead. Punctuation next to a dropped word
// stays, so "anyone going @events?" is still a question: "anyone going?".
func PlainText(contentHTML string) string {
	doc, err := html.Parse(strings.NewReader(contentHTML))
	if err != nil {
		return cleanText(tokenText(contentHTML))
	}
	return cleanText(htmlText(doc))
}

// htmlText walks the tree without recursion (nesting may be deep) and
// writes the text of the elements PlainText keeps.
func htmlText(doc *html.Node) string {
	var b strings.Builder
	type frame struct {
		n    *html.Node
		exit bool
	}
	stack := []frame{{n: doc}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.exit {
			b.WriteByte('\n')
			continue
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			continue
		case html.ElementNode:
			if skipElement(n.DataAtom, n.Attr) {
				continue
			}
			if n.DataAtom == atom.Br {
				b.WriteByte('\n')
			}
			if isBlock(n.DataAtom) {
				b.WriteByte('\n')
				stack = append(stack, frame{n: n, exit: true})
			}
		case html.DocumentNode:
		default:
			continue // comments, doctypes
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c})
		}
	}
	return b.String()
}

// tokenText is htmlText for HTML that html.Parse refuses: it follows the
// tags as they come, skipping what skipElement names up to the matching
// end tag.
func tokenText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip, depth := "", 0 // the skipped element's name and nesting
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if depth == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			opens := tt == html.StartTagToken && !isVoid(tok.DataAtom)
			switch {
			case depth > 0 && tok.Data == skip && opens:
				depth++
			case depth > 0 && tok.Data == skip && tt == html.EndTagToken:
				depth--
			case depth > 0:
			case opens && skipElement(tok.DataAtom, tok.Attr):
				skip, depth = tok.Data, 1
			case tok.DataAtom == atom.Br || isBlock(tok.DataAtom):
				b.WriteByte('\n')
			}
		}
	}
}

// isVoid reports whether an element never has content.
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// skipElement reports whether an element's whole content is dropped.
func skipElement(a atom.Atom, attrs []html.Attribute) bool {
	switch a {
	case atom.Script, atom.Style, atom.Template, atom.Head, atom.Title, atom.Noscript,
		atom.Blockquote, atom.Img, atom.Svg, atom.Math, atom.Iframe, atom.Object, atom.Select:
		return true
	case atom.A:
		return !hasClass(attrs, "hashtag") && !hasWord(attr(attrs, "rel"), "tag")
	}
	return hasClass(attrs, "h-card") || hasClass(attrs, "mention") || hasClass(attrs, "quote-inline")
}

// isBlock reports whether an element starts and ends a line.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Pre, atom.Hr,
		atom.Table, atom.Tr, atom.Td, atom.Th, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Aside, atom.Figure, atom.Figcaption, atom.Details, atom.Summary:
		return true
	}
	return false
}

func attr(attrs []html.Attribute, key string) string {
	for _, a := range attrs {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(attrs []html.Attribute, class string) bool {
	return hasWord(attr(attrs, "class"), class)
}

// hasWord reports whether a space-separated list holds w (any case).
func hasWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}

// cleanText drops bare mentions, URLs and hashtags from text and
// collapses its white space: words on a line are joined by one space,
// lines by one "\n", empty lines go. It keeps the punctuation around a
// dropped word: the closing marks join the word before ("going @bob?" is
// "going?"), the rest stand alone. Applying it twice changes nothing more.
func cleanText(text string) string {
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		var out []string
		for _, f := range strings.FieldsFunc(line, unicode.IsSpace) {
			lead := strings.TrimLeft(f, openMarks)
			core := strings.TrimRight(lead, closeMarks)
			if !droppable(core) {
				out = append(out, f)
				continue
			}
			prefix, suffix := f[:len(f)-len(lead)], lead[len(core):]
			switch {
			case prefix == "" && suffix != "" && len(out) > 0:
				out[len(out)-1] += suffix
			case prefix+suffix != "":
				out = append(out, prefix+suffix)
			}
		}
		if len(out) > 0 {
			lines = append(lines, strings.Join(out, " "))
		}
	}
	return strings.Join(lines, "\n")
}

// openMarks and closeMarks are the punctuation that may stand before and
// after a mention, URL or hashtag. Neither holds '/', '@', '#' or a
// letter, so keeping them can never make a new one.
const (
	openMarks  = "([{\"'«¿¡“‘"
	closeMarks = ".,!?;:…)]}\"'»”’"
)

// droppable reports whether a word is a mention, a URL or a hashtag.
func droppable(w string) bool {
	if len(w) < 2 {
		return false
	}
	switch w[0] {
	case '@', '#':
		r := []rune(w[1:])[0]
		return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
	}
	lw := strings.ToLower(w)
	return strings.Contains(lw, "://") ||
		(strings.HasPrefix(lw, "www.") && len(lw) > 4 && lw[4] != '.')
}
