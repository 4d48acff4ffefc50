package admin_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/web"
)

// file is a file chosen in a form's file input.
type file struct {
	name string
	data []byte
}

// multipartBody encodes fields and files as a browser sends a form with
// enctype="multipart/form-data", and returns it with its content type.
func multipartBody(t *testing.T, fields url.Values, files map[string]file) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, values := range fields {
		for _, v := range values {
			require.NoError(t, mw.WriteField(name, v))
		}
	}
	for input, f := range files {
		w, err := mw.CreateFormFile(input, f.name)
		require.NoError(t, err)
		_, err = w.Write(f.data)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return &body, mw.FormDataContentType()
}

// postFiles sends fields and files to path as a form with files.
func (br *browser) postFiles(path string, fields url.Values, files map[string]file) response {
	br.t.Helper()
	body, ctype := multipartBody(br.t, fields, files)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, br.base+path, body)
	require.NoError(br.t, err)
	req.Header.Set("Content-Type", ctype)
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

// photo is a JPEG of noise, as a camera makes it: too big for an
// ordinary admin form, and carrying EXIF with where it was taken.
func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range m.Pix {
		m.Pix[i] = byte(rng.IntN(256))
	}
	for i := 3; i < len(m.Pix); i += 4 {
		m.Pix[i] = 0xff
	}
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}))
	plain := buf.Bytes()
	// EXIF: one directory entry, ImageDescription, naming the place.
	desc := []byte("GPS 51.5362N 0.1033W secret-marker\x00")
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x0e\x00\x02")
	tiff = binary.BigEndian.AppendUint32(tiff, uint32(len(desc)))
	tiff = binary.BigEndian.AppendUint32(tiff, 8+2+12+4)
	tiff = binary.BigEndian.AppendUint32(tiff, 0)
	tiff = append(tiff, desc...)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := append([]byte{0xff, 0xd8, 0xff, 0xe1}, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(append(out, seg...), plain[2:]...)
	require.Contains(t, string(out), "Exif")
	return out
}

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = byte(i)
	}
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, m))
	return buf.Bytes()
}

// settingsFields are a whole settings form, as the page fills it for a
// new instance, with changes.
func settingsFields(changes map[string]string) url.Values {
	v := url.Values{"coop": {"events"}, "name": {"Co-op events"}, "bio": {""}, "discoverable": {"on"},
		"default_timezone": {""}, "rsvp_poll_default": {"on"}}
	for i := range 4 {
		v.Set(fmt.Sprintf("links[%d].name", i), "")
		v.Set(fmt.Sprintf("links[%d].url", i), "")
	}
	for k, val := range changes {
		if val == "-" {
			v.Del(k)
		} else {
			v.Set(k, val)
		}
	}
	return v
}

func TestSettingsSaveTheProfileAndSendIt(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			testSettingsSaveTheProfileAndSendIt(t, db)
		})
	}
}

func testSettingsSaveTheProfileAndSendIt(t *testing.T, db string) {
	ctx := context.Background()
	b := setup(t, db)
	b.user(t, "ada", model.RoleAdmin)
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice := remote.AddActor("alice")
	_, err := alice.Follow(ctx, b.base+"/actors/events", b.base+"/inbox")
	require.NoError(t, err)
	remote.WaitForDelivery(t, fedtest.OfType("Accept"), 30*time.Second)

	br := b.browser(t)
	br.signIn("ada")
	page := br.get("/admin/settings")
	require.Equal(t, http.StatusOK, page.Status)
	require.Equal(t, "Co-op events", attr(byID(page.Doc, "name"), "value"))
	form := findAll(page.Doc, "form")[1]
	require.Equal(t, "multipart/form-data", attr(form, "enctype"))
	require.True(t, hasAttr(byID(page.Doc, "rsvp_poll_default"), "checked"), "a poll by default")
	require.Nil(t, byID(page.Doc, "remove_avatar"), "no avatar to remove yet")

	avatar := photo(t, 900, 700)
	require.Greater(t, len(avatar), 64<<10, "bigger than other forms may be")
	res := br.postFiles("/admin/settings?coop=events", settingsFields(map[string]string{
		"name": "Tech co-op network", "bio": "We are **co-ops** who build software.",
		"links[0].name": "Website", "links[0].url": "https://coops.example/",
		"manually_approves_followers": "on", "default_timezone": "Europe/Lisbon", "rsvp_poll_default": "-",
	}), map[string]file{"avatar": {"holiday.jpg", avatar}, "header": {"banner.png", pngOf(t, 1800, 700)}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, "/admin/settings?coop=events&saved", res.location())
	page = br.get(res.location())
	require.Contains(t, text(findAll(page.Doc, "main")[0]), "followers have been sent the new profile")
	require.Equal(t, "Tech co-op network", attr(byID(page.Doc, "name"), "value"))
	require.Equal(t, "We are **co-ops** who build software.", text(byID(page.Doc, "bio")), "the bio as typed")
	require.Equal(t, "https://coops.example/", attr(byID(page.Doc, "links[0].url"), "value"))
	require.True(t, hasAttr(byID(page.Doc, "manually_approves_followers"), "checked"))
	require.False(t, hasAttr(byID(page.Doc, "rsvp_poll_default"), "checked"))
	require.NotNil(t, byID(page.Doc, "remove_avatar"), "the avatar can be removed")

	// Followers' servers get the new actor.
	update := remote.WaitForDelivery(t, fedtest.OfType("Update"), 30*time.Second)
	require.True(t, update.Verified, "%v", update.VerifyErr)
	var sent struct {
		Object struct {
			Name       string
			Icon       struct{ Type, MediaType, URL string }
			Image      struct{ Type, MediaType, URL string }
			Attachment []struct{ Type, Name, Value string }
		}
	}
	require.NoError(t, json.Unmarshal(update.Body, &sent))
	actor := sent.Object
	require.Equal(t, "Tech co-op network", actor.Name)
	require.Equal(t, "image/jpeg", actor.Icon.MediaType)
	require.True(t, strings.HasPrefix(actor.Icon.URL, b.base+"/media/"), actor.Icon.URL)
	require.Equal(t, "image/png", actor.Image.MediaType, "a PNG with see-through pixels stays one")
	require.Equal(t, []struct{ Type, Name, Value string }{{"PropertyValue", "Website",
		`<a href="https://coops.example/" target="_blank" rel="me nofollow noopener">coops.example</a>`}}, actor.Attachment)

	// The avatar is served, without what the camera wrote in it.
	icon := br.get(strings.TrimPrefix(actor.Icon.URL, b.base))
	require.Equal(t, http.StatusOK, icon.Status)
	require.Equal(t, "image/jpeg", icon.Header.Get("Content-Type"))
	require.Equal(t, "nosniff", icon.Header.Get("X-Content-Type-Options"))
	require.Contains(t, icon.Header.Get("Cache-Control"), "immutable")
	require.NotContains(t, icon.Body, "Exif")
	require.NotContains(t, icon.Body, "secret-marker")
	m, err := jpeg.Decode(strings.NewReader(icon.Body))
	require.NoError(t, err)
	require.Equal(t, image.Rect(0, 0, 400, 400), m.Bounds())
	header := br.get(strings.TrimPrefix(actor.Image.URL, b.base))
	require.Equal(t, "image/png", header.Header.Get("Content-Type"))
	cfg, err := png.DecodeConfig(strings.NewReader(header.Body))
	require.NoError(t, err)
	require.Equal(t, [2]int{1500, 500}, [2]int{cfg.Width, cfg.Height})
	require.Equal(t, http.StatusNotFound, br.get("/media/..%2Fgather.db").Status)
	require.Equal(t, http.StatusNotFound, br.get("/media/").Status)

	// The public profile shows them.
	profile := br.get("/@events")
	require.Equal(t, http.StatusOK, profile.Status)
	imgs := findAll(profile.Doc, "img")
	var srcs []string
	for _, img := range imgs {
		srcs = append(srcs, attr(img, "src"))
	}
	require.Contains(t, srcs, actor.Icon.URL)
	require.Contains(t, srcs, actor.Image.URL)
	link := findLink(profile, "https://coops.example/")
	require.NotNil(t, link)
	require.Equal(t, "me nofollow noopener", attr(link, "rel"))
	require.Contains(t, text(profile.Doc), "co-ops who build software")

	// New gatherings start with the instance's defaults.
	editor := br.get("/admin/gatherings/new")
	require.Equal(t, "Europe/Lisbon", attr(byID(editor.Doc, "timezone"), "value"))
	require.False(t, hasAttr(byID(editor.Doc, "rsvp_poll"), "checked"), "no poll, as the settings say")

	// Removing the avatar removes its file.
	res = br.postFiles("/admin/settings?coop=events", settingsFields(map[string]string{"name": "Tech co-op network", "remove_avatar": "on"}), nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, http.StatusNotFound, br.get(strings.TrimPrefix(actor.Icon.URL, b.base)).Status)
	require.Equal(t, http.StatusOK, br.get(strings.TrimPrefix(actor.Image.URL, b.base)).Status, "the header stays")
}

func TestSettingsShowMistakesAndKeepWhatWasTyped(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	br := b.browser(t)
	br.signIn("ada")

	res := br.postFiles("/admin/settings?coop=events", settingsFields(map[string]string{
		"name": "", "bio": "Our *new* bio", "default_timezone": "Mars/Olympus_Mons",
		"links[1].name": "Blog", "links[1].url": "blog dot example",
	}), map[string]file{"avatar": {"notes.png", []byte("these are my notes, not a picture\n")},
		"header": {"banner.png", pngOf(t, 600, 200)}})
	require.Equal(t, http.StatusBadRequest, res.Status)
	require.True(t, strings.HasPrefix(text(findAll(res.Doc, "title")[0]), "Error:"))
	requireFieldError(t, res.Doc, "name", "Give a name of 1 to 100 characters")
	requireFieldError(t, res.Doc, "default_timezone", `"Mars/Olympus_Mons" is not a time zone name`)
	requireFieldError(t, res.Doc, "links[1].url", `"blog dot example" is not a web address`)
	requireFieldError(t, res.Doc, "avatar", "Avatar is not a PNG, JPEG or GIF picture.")
	require.Contains(t, text(byID(res.Doc, "avatar-error")), "choose a picture again: your browser does not keep a chosen file")
	require.Contains(t, text(findAll(res.Doc, "main")[0]), "Nothing was saved", "the good header must be chosen again too")
	require.Equal(t, "name", attr(findAll(res.Doc, "input")[focusIndex(res.Doc)], "id"), "the cursor is in the first field to correct")

	// What was typed is still there.
	require.Equal(t, "Mars/Olympus_Mons", attr(byID(res.Doc, "default_timezone"), "value"))
	require.Equal(t, "Blog", attr(byID(res.Doc, "links[1].name"), "value"))
	require.Equal(t, "blog dot example", attr(byID(res.Doc, "links[1].url"), "value"))
	require.Equal(t, "Our *new* bio", text(byID(res.Doc, "bio")))
	require.True(t, hasAttr(byID(res.Doc, "rsvp_poll_default"), "checked"), "the box stays ticked")

	// Nothing was saved, and no picture stored.
	actor, err := b.inst.App.Actor(t.Context(), "events")
	require.NoError(t, err)
	require.Equal(t, "Co-op events", actor.Name)
	require.True(t, actor.Header.IsZero())
	entries, _ := os.ReadDir(filepath.Join(b.inst.Config.DataDir, "media"))
	require.Empty(t, entries)

	// A picture claiming to be huge is refused from its header alone.
	huge := pngOf(t, 2, 2)                         // its pixel data is for 2×2: decoding it as 50000×50000 would fail
	binary.BigEndian.PutUint32(huge[16:20], 50000) // IHDR width
	binary.BigEndian.PutUint32(huge[20:24], 50000) // IHDR height
	binary.BigEndian.PutUint32(huge[29:33], crc32.ChecksumIEEE(huge[12:29]))
	res = br.postFiles("/admin/settings?coop=events", settingsFields(nil), map[string]file{"avatar": {"big.png", huge}})
	require.Equal(t, http.StatusBadRequest, res.Status)
	requireFieldError(t, res.Doc, "avatar", "Avatar is 50000 × 50000 pixels, too large: at most 4096 × 4096.")
}

// focusIndex is the index, among the page's inputs, of the one with
// autofocus; -1 if none.
func focusIndex(doc *html.Node) int {
	for i, in := range findAll(doc, "input") {
		if hasAttr(in, "autofocus") {
			return i
		}
	}
	return -1
}

// TestOrganisersCannotChangeSettings: every route under /admin/settings,
// whatever its method, refuses an organiser, and changes nothing.
func TestOrganisersCannotChangeSettings(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	b.user(t, "grace", model.RoleOrganiser)
	organiser := b.browser(t)
	organiser.signIn("grace")

	site := web.NewHandler(web.Config{App: b.inst.App, Log: slog.New(slog.DiscardHandler), Metrics: prometheus.NewRegistry()})
	var seen []string
	for _, rt := range routes(t, site) {
		if rt.pattern != "/admin/settings" && !strings.HasPrefix(rt.pattern, "/admin/settings/") {
			continue
		}
		seen = append(seen, rt.String())
		path := concrete(rt.pattern)
		for _, res := range []response{
			organiser.do(rt.method, path, url.Values{"coop": {"events"}, "name": {"Taken over"}}),
			organiser.postFiles(path+"?coop=events", settingsFields(map[string]string{"name": "Taken over"}),
				map[string]file{"avatar": {"a.png", pngOf(t, 20, 20)}}),
			organiser.get(path),
		} {
			require.Equal(t, http.StatusForbidden, res.Status, "%s as an organiser", rt)
			require.Contains(t, text(findAll(res.Doc, "h1")[0]), "Only admins can open this page")
		}
	}
	require.ElementsMatch(t, []string{"GET /admin/settings", "POST /admin/settings"}, seen)
	actor, err := b.inst.App.Actor(t.Context(), "events")
	require.NoError(t, err)
	require.Equal(t, "Co-op events", actor.Name)
	require.True(t, actor.Avatar.IsZero())
}

func TestSettingsOfEachCoop(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	_, err := b.inst.App.CreateActor(t.Context(), "dev", "Dev co-op")
	require.NoError(t, err)
	br := b.browser(t)
	br.signIn("ada")

	page := br.get("/admin/settings")
	require.Equal(t, "Co-op events", attr(byID(page.Doc, "name"), "value"), "the first co-op by default")
	switcher := findLink(page, "/admin/settings?coop=dev")
	require.NotNil(t, switcher, "a link to the other co-op's settings")
	require.Equal(t, "page", attr(findLink(page, "/admin/settings?coop=events"), "aria-current"))

	page = br.get("/admin/settings?coop=dev")
	require.Equal(t, "Dev co-op", attr(byID(page.Doc, "name"), "value"))
	res := br.postFiles("/admin/settings?coop=dev", settingsFields(map[string]string{"coop": "dev", "name": "Dev co-op Ltd"}), nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, "/admin/settings?coop=dev&saved", res.location())
	events, err := b.inst.App.Actor(t.Context(), "events")
	require.NoError(t, err)
	require.Equal(t, "Co-op events", events.Name, "the other co-op is untouched")
	require.Equal(t, http.StatusNotFound, br.get("/admin/settings?coop=nobody").Status)
}

// TestSettingsFormTooBig: a form over the settings' limit is refused
// with the saved settings and a word on why. It is served directly, as a
// client sending more than the server reads may see the connection close
// before the answer.
func TestSettingsFormTooBig(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	br := b.browser(t)
	br.signIn("ada")
	site := web.NewHandler(web.Config{App: b.inst.App, Log: slog.New(slog.DiscardHandler), Metrics: prometheus.NewRegistry()})

	body, ctype := multipartBody(t, settingsFields(nil), map[string]file{"avatar": {"huge.jpg", make([]byte, 17<<20+1)}})
	req := httptest.NewRequest(http.MethodPost, b.base+"/admin/settings?coop=events", body)
	req.Header.Set("Content-Type", ctype)
	req.AddCookie(br.sessionCookie())
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, req)
	require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	require.Contains(t, rec.Body.String(), "too big to receive, so nothing was saved")

	// Under the limit, two pictures at their own limit get their own
	// answer.
	body, ctype = multipartBody(t, settingsFields(nil), map[string]file{"avatar": {"big.jpg", append([]byte("\xff\xd8\xff"), make([]byte, 8<<20)...)}})
	req = httptest.NewRequest(http.MethodPost, b.base+"/admin/settings?coop=events", body)
	req.Header.Set("Content-Type", ctype)
	req.AddCookie(br.sessionCookie())
	rec = httptest.NewRecorder()
	site.ServeHTTP(rec, req)
	require.Equal(t, http.StatusBadRequest, rec.Code)
	require.Contains(t, rec.Body.String(), "Avatar is over 8 MB: choose a smaller picture.")
}
