package pages_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// testBundle is a running instance with the example gathering's helpers.
type testBundle struct {
	inst *servertest.Instance
	// base is where the pages are served.
	base string
}

func setup(t *testing.T) *testBundle {
	t.Helper()
	inst := servertest.Start(t, "sqlite")
	return &testBundle{inst: inst, base: inst.Base}
}

// exampleInput is testdata/gathering.json with names for handles.
func exampleInput(t testing.TB) app.GatheringInput {
	t.Helper()
	data, err := os.ReadFile("testdata/gathering.json")
	require.NoError(t, err)
	var in app.GatheringInput
	require.NoError(t, app.DecodeStrict(data, &in))
	return in
}

// create saves (and with publish set, publishes) the example gathering,
// after change has had its way with it.
func (b *testBundle) create(t *testing.T, publish bool, change func(*app.GatheringInput)) app.GatheringRef {
	t.Helper()
	in := exampleInput(t)
	if change != nil {
		change(&in)
	}
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", &in, publish)
	require.NoError(t, err)
	return ref
}

// sessionNamed returns the ref of the example's session with title.
func sessionNamed(t *testing.T, ref app.GatheringRef, in app.GatheringInput, title string) app.EventRef {
	t.Helper()
	for i, s := range in.Sessions {
		if s.Title == title {
			return ref.Sessions[i]
		}
	}
	t.Fatalf("no session %q", title)
	return app.EventRef{}
}

var client = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

type page struct {
	Status int
	Header http.Header
	Body   string
	Doc    *html.Node
}

func (b *testBundle) get(t *testing.T, path string, header ...string) page {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, b.base+path, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, req)
}

func (b *testBundle) post(t *testing.T, path string, form url.Values) page {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(t, req)
}

func do(t *testing.T, req *http.Request) page {
	t.Helper()
	res, err := client.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	p := page{Status: res.StatusCode, Header: res.Header, Body: string(body)}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		p.Doc, err = html.Parse(strings.NewReader(p.Body))
		require.NoError(t, err)
	}
	return p
}

// find returns every element for which match is true, in document order.
func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var sb strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			sb.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(sb.String()), " ")
}

// meta returns the content of <meta property=…> or <meta name=…>.
func meta(t *testing.T, p page, key string) string {
	t.Helper()
	for _, m := range find(p.Doc, tag("meta")) {
		prop, _ := attr(m, "property")
		name, _ := attr(m, "name")
		if prop == key || name == key {
			content, _ := attr(m, "content")
			return content
		}
	}
	t.Fatalf("no meta %s", key)
	return ""
}

// jsonLD decodes the page's schema.org JSON-LD.
func jsonLD(t *testing.T, p page) map[string]any {
	t.Helper()
	scripts := find(p.Doc, func(n *html.Node) bool {
		typ, _ := attr(n, "type")
		return n.Data == "script" && typ == "application/ld+json"
	})
	require.Len(t, scripts, 1)
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(scripts[0].FirstChild.Data), &v), scripts[0].FirstChild.Data)
	return v
}
