package admin_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
)

// testBundle is a running instance.
type testBundle struct {
	inst *servertest.Instance
	base string
}

func setup(t *testing.T, db string) *testBundle {
	t.Helper()
	inst := servertest.Start(t, db)
	return &testBundle{inst: inst, base: inst.Base}
}

// password is the password user gives every test user.
func password(username string) string { return username + " passphrase" }

// user adds someone who can sign in with password(username), hashed at
// bcrypt's lowest cost so that the tests stay quick under -race.
func (b *testBundle) user(t *testing.T, username string, role model.Role) model.User {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(password(username)), bcrypt.MinCost)
	require.NoError(t, err)
	u, err := b.inst.Store.UserCreate(t.Context(), &store.UserCreateParams{
		Username: username, PasswordHash: string(hash), Role: role, CreatedAt: time.Now(),
	})
	require.NoError(t, err)
	if role == model.RoleOrganiser {
		// As an upgraded instance has them: organisers of every co-op
		// account there is now.
		coops, err := b.inst.Store.ActorList(t.Context(), model.ActorGroup)
		require.NoError(t, err)
		for _, c := range coops {
			require.NoError(t, b.inst.Store.MembershipAdd(t.Context(), &store.MembershipAddParams{UserID: u.ID, ActorID: c.ID, CreatedAt: time.Now()}))
		}
	}
	return u
}

// browser is one browser: its own cookies, redirects not followed.
type browser struct {
	t    *testing.T
	base string
	http *http.Client
}

func (b *testBundle) browser(t *testing.T) *browser {
	return b.browserFrom(t, "")
}

// browserFrom is a browser whose requests come from the loopback address
// local (127.0.0.1 when empty), so that tests can be several clients.
func (b *testBundle) browserFrom(t *testing.T, local string) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if local != "" {
		dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: 5 * time.Second}
		transport.DialContext = dialer.DialContext
	}
	t.Cleanup(transport.CloseIdleConnections)
	// The timeout only stops a hung test: under -race on two loaded cores
	// an upload whose pictures are resized took over 10 s in CI.
	return &browser{t: t, base: b.base, http: &http.Client{
		Jar: jar, Transport: transport, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// response is an answer, read.
type response struct {
	Status int
	Header http.Header
	Body   string
	Doc    *html.Node
}

func (r response) location() string { return r.Header.Get("Location") }

func (br *browser) do(method, path string, form url.Values, header ...string) response {
	br.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(context.Background(), method, br.base+path, body)
	require.NoError(br.t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := br.http.Do(req)
	require.NoError(br.t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(br.t, err)
	out := response{Status: res.StatusCode, Header: res.Header, Body: string(data)}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		out.Doc, err = html.Parse(strings.NewReader(out.Body))
		require.NoError(br.t, err)
	}
	return out
}

func (br *browser) get(path string, header ...string) response {
	br.t.Helper()
	return br.do(http.MethodGet, path, nil, header...)
}

func (br *browser) post(path string, form url.Values, header ...string) response {
	br.t.Helper()
	return br.do(http.MethodPost, path, form, header...)
}

// signIn signs in and checks it worked.
func (br *browser) signIn(username string) {
	br.t.Helper()
	res := br.post("/admin/sign-in", url.Values{"username": {username}, "password": {password(username)}})
	require.Equal(br.t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(br.t, "/admin", res.location())
}

// sessionCookie is the browser's session cookie, or nil.
func (br *browser) sessionCookie() *http.Cookie {
	u, _ := url.Parse(br.base + "/admin")
	for _, c := range br.http.Jar.Cookies(u) {
		if c.Name == "gather_admin" {
			return c
		}
	}
	return nil
}

// byID finds the element with id in doc.
func byID(doc *html.Node, id string) *html.Node {
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && attr(n, "id") == id {
			found = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

// findAll returns the elements called tag in doc, in document order.
func findAll(doc *html.Node, tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// sha256Hex is how the database names a session token.
func sha256Hex(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// attr is n's attribute name; "" when absent.
func attr(n *html.Node, name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, name string) bool {
	for _, a := range n.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

// text is the text inside n.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && (n.Data == "td" || n.Data == "th" || n.Data == "li" || n.Data == "p") {
			b.WriteString(" ")
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// requireFieldError checks that the input id is marked invalid, and that
// the message next to it says want.
func requireFieldError(t *testing.T, doc *html.Node, id, want string) {
	t.Helper()
	input := byID(doc, id)
	require.NotNil(t, input, "an input #%s", id)
	require.Equal(t, "true", attr(input, "aria-invalid"), "#%s is marked invalid", id)
	require.Contains(t, attr(input, "aria-describedby"), id+"-error", "#%s points to its error", id)
	require.Contains(t, text(byID(doc, id+"-error")), want)
}
