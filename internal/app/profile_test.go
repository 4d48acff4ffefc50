package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// newAppWithMedia is newApp with a media folder, which it returns, and
// the co-op @events set up.
func newAppWithMedia(t *testing.T) (*app.App, string) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), storetest.SQLitePath(t), store.JobsConfig{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	require.NoError(t, st.Migrate(context.Background()))
	dir := filepath.Join(t.TempDir(), "media")
	a := app.New(app.Config{Store: st, BaseURL: "https://coop.example", MediaDir: dir})
	_, err = a.Setup(context.Background(), "events", "Co-op events")
	require.NoError(t, err)
	return a, dir
}

func picture(t *testing.T, format string, w, h int) io.Reader {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = byte(i * 7)
	}
	for i := 3; i < len(m.Pix); i += 4 {
		m.Pix[i] = 0xff
	}
	var buf bytes.Buffer
	if format == "png" {
		require.NoError(t, png.Encode(&buf, m))
	} else {
		require.NoError(t, jpeg.Encode(&buf, m, nil))
	}
	return &buf
}

// mediaFiles lists the media folder, temporary files included.
func mediaFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

type actorDoc struct {
	Summary string `json:"summary"`
	Icon    *struct {
		Type, MediaType, URL string
	} `json:"icon"`
	Image *struct {
		Type, MediaType, URL string
	} `json:"image"`
	Attachment []struct {
		Type, Name, Value string
	} `json:"attachment"`
}

func TestUpdateProfileWithPicturesAndLinks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, dir := newAppWithMedia(t)

	actor, err := a.UpdateProfile(ctx, "events", app.ProfileParams{
		Name: "Co-op events", Bio: "We are *a network* of tech co-ops: https://coops.example", Discoverable: true,
		Links:  []model.ProfileLink{{Name: "Website", URL: "https://coop.example/"}, {}, {Name: "Code", URL: "https://git.example/coop?tab=repos&x=<y>"}},
		Avatar: picture(t, "png", 500, 300), Header: picture(t, "jpeg", 1600, 900),
	})
	require.NoError(t, err)
	require.Equal(t, "We are *a network* of tech co-ops: https://coops.example", actor.SummarySource)
	require.Contains(t, actor.Summary, "<em>a network</em>")
	require.Contains(t, actor.Summary, `<a href="https://coops.example" rel="nofollow">`)
	require.Equal(t, []model.ProfileLink{{Name: "Website", URL: "https://coop.example/"}, {Name: "Code", URL: "https://git.example/coop?tab=repos&x=<y>"}}, actor.Links,
		"the empty row is dropped")
	require.Equal(t, model.Picture{File: actor.Avatar.File, MediaType: "image/jpeg", Width: 300, Height: 300}, actor.Avatar,
		"an opaque picture becomes a JPEG, cropped square")
	require.Equal(t, [2]int{1500, 500}, [2]int{actor.Header.Width, actor.Header.Height})
	require.ElementsMatch(t, []string{actor.Avatar.File, actor.Header.File}, mediaFiles(t, dir), "no temporary file is left")

	raw, err := a.ActorDocument(ctx, "events")
	require.NoError(t, err)
	var doc actorDoc
	require.NoError(t, json.Unmarshal(raw, &doc))
	require.Equal(t, "Image", doc.Icon.Type)
	require.Equal(t, "image/jpeg", doc.Icon.MediaType)
	require.Equal(t, "https://coop.example/media/"+actor.Avatar.File, doc.Icon.URL)
	require.Equal(t, "https://coop.example/media/"+actor.Header.File, doc.Image.URL)
	require.Len(t, doc.Attachment, 2)
	require.Equal(t, "PropertyValue", doc.Attachment[0].Type)
	require.Equal(t, "Website", doc.Attachment[0].Name)
	require.Equal(t, `<a href="https://coop.example/" target="_blank" rel="me nofollow noopener">coop.example</a>`, doc.Attachment[0].Value)
	require.Equal(t, `<a href="https://git.example/coop?tab=repos&amp;x=&lt;y&gt;" target="_blank" rel="me nofollow noopener">git.example/coop?tab=repos&amp;x=&lt;y&gt;</a>`,
		doc.Attachment[1].Value, "the address is escaped")
	require.Contains(t, doc.Summary, "<em>a network</em>")

	f, mediaType, err := a.OpenMedia(actor.Avatar.File)
	require.NoError(t, err)
	require.Equal(t, "image/jpeg", mediaType)
	_, err = jpeg.DecodeConfig(f)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	// A new avatar replaces the file; removing the header removes its.
	oldAvatar, oldHeader := actor.Avatar, actor.Header
	actor, err = a.UpdateProfile(ctx, "events", app.ProfileParams{Name: "Co-op events", Bio: actor.SummarySource, Links: actor.Links,
		Avatar: picture(t, "png", 64, 64), RemoveHeader: true})
	require.NoError(t, err)
	require.NotEqual(t, oldAvatar.File, actor.Avatar.File)
	require.True(t, actor.Header.IsZero())
	require.Equal(t, []string{actor.Avatar.File}, mediaFiles(t, dir))
	for _, gone := range []string{oldAvatar.File, oldHeader.File} {
		_, _, err = a.OpenMedia(gone)
		require.ErrorIs(t, err, store.ErrNotFound)
	}
	// Saved without pictures, the avatar stays.
	actor, err = a.UpdateProfile(ctx, "events", app.ProfileParams{Name: "Co-op events"})
	require.NoError(t, err)
	require.Equal(t, []string{actor.Avatar.File}, mediaFiles(t, dir))
	require.Empty(t, actor.Links)
	raw, err = a.ActorDocument(ctx, "events")
	require.NoError(t, err)
	require.Contains(t, string(raw), `"attachment":[]`, "Gancio wants an array, even empty")
}

func TestOpenMediaServesOnlyOurNames(t *testing.T) {
	t.Parallel()
	a, dir := newAppWithMedia(t)
	require.NoError(t, os.MkdirAll(dir, 0o750))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".upload-123"), []byte("half"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "0123456789abcdef0123456789abcdef.gif"), []byte("GIF89a"), 0o600))
	for _, name := range []string{"", ".", "..", "../gather.db", ".upload-123", "0123456789abcdef0123456789abcdef.gif",
		"0123456789ABCDEF0123456789ABCDEF.png", "0123456789abcdef0123456789abcdef.png/", "0123456789abcdef0123456789abcdef.png"} {
		_, _, err := a.OpenMedia(name)
		require.ErrorIs(t, err, store.ErrNotFound, "%q", name)
	}
}

func TestUpdateProfileReportsEveryMistake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, dir := newAppWithMedia(t)
	_, err := a.UpdateProfile(ctx, "events", app.ProfileParams{
		Name:   " ",
		Links:  []model.ProfileLink{{Name: "Website"}, {URL: "https://ok.example"}, {Name: "Mail", URL: "mailto:hi@coop.example"}},
		Avatar: bytes.NewReader([]byte("notes, not a picture")), Header: picture(t, "png", 30, 10),
	})
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var v *app.ValidationError
		require.ErrorAs(t, e, &v)
		fields = append(fields, v.Field)
	}
	require.Equal(t, []string{"name", "links[0].url", "links[1].name", "links[2].url", "avatar"}, fields)
	require.Empty(t, mediaFiles(t, dir), "the good header was not stored either")
	actor, err := a.Actor(ctx, "events")
	require.NoError(t, err)
	require.Equal(t, "Co-op events", actor.Name, "nothing changed")
}

func TestSettingsAreForAdmins(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, _ := newAppWithMedia(t)
	organiser := model.User{ID: 2, Username: "grace", Role: model.RoleOrganiser}
	_, err := a.Settings(ctx, organiser, "")
	require.ErrorIs(t, err, app.ErrForbidden)
	_, err = a.SaveSettings(ctx, organiser, "events", app.ProfileParams{Name: "Taken over"}, model.InstanceSettings{})
	require.ErrorIs(t, err, app.ErrForbidden)

	admin := model.User{ID: 1, Username: "ada", Role: model.RoleAdmin}
	s, err := a.Settings(ctx, admin, "")
	require.NoError(t, err)
	require.Equal(t, "events", s.Actor.Handle, "the first co-op by default")
	require.Equal(t, model.DefaultInstanceSettings(), s.Instance)
	_, err = a.Settings(ctx, admin, "nobody")
	require.ErrorIs(t, err, store.ErrNotFound)
}

func TestInstanceSettingsStartNewGatherings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, _ := newAppWithMedia(t)
	admin := model.User{ID: 1, Username: "ada", Role: model.RoleAdmin}
	profile := app.ProfileParams{Name: "Co-op events"}

	_, err := a.SaveSettings(ctx, admin, "events", profile, model.InstanceSettings{DefaultTimezone: "Mars/Olympus_Mons"})
	var v *app.ValidationError
	require.ErrorAs(t, err, &v)
	require.Equal(t, "default_timezone", v.Field)
	_, err = a.SaveSettings(ctx, admin, "events", profile, model.InstanceSettings{DefaultTimezone: "Local"})
	require.ErrorAs(t, err, &v)

	_, err = a.SaveSettings(ctx, admin, "events", profile, model.InstanceSettings{DefaultTimezone: " Europe/Berlin ", RSVPPollDefault: false})
	require.NoError(t, err)
	got, err := a.InstanceSettings(ctx)
	require.NoError(t, err)
	require.Equal(t, model.InstanceSettings{DefaultTimezone: "Europe/Berlin"}, got)

	// A gathering sent without a zone or a poll choice takes them.
	ref, err := a.CreateGathering(ctx, "events", &app.GatheringInput{Title: "Assembly", StartsAt: "2030-05-01T10:00", EndsAt: "2030-05-01T12:00",
		Venue: &app.VenueInput{Name: "Hall"}}, false)
	require.NoError(t, err)
	out, err := a.GatheringOutput(ctx, ref.ID)
	require.NoError(t, err)
	require.Equal(t, "Europe/Berlin", out.Timezone)
	require.False(t, *out.RSVPPoll)
	require.Equal(t, "2030-05-01T10:00:00", out.StartsAt, "local to the default zone")
}

// TestBioSourceOfAnHTMLSummary: a summary given as HTML (the older way,
// and the API's) shows in the editor as its text, so saving the form
// without touching the bio keeps it.
func TestBioSourceOfAnHTMLSummary(t *testing.T) {
	t.Parallel()
	actor := model.Actor{Summary: `<p>Hello &amp; <em>welcome</em></p><p>Second<br>line</p>`}
	require.Equal(t, "Hello & welcome\n\nSecond\n\nline", app.BioSource(actor))
	actor.SummarySource = "Hello & *welcome*"
	require.Equal(t, "Hello & *welcome*", app.BioSource(actor), "as typed, when it was")
	require.Empty(t, app.BioSource(model.Actor{}))
}
