package instance

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/url"
	"strings"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// settingsForm is the settings page's form as typed, so that whatever
// was typed is shown again. Files are not: no browser takes a file back.
type settingsForm struct {
	Coop                       string // the handle of the co-op shown
	Name, Bio                  string
	RemoveAvatar, RemoveHeader bool
	Links                      [model.MaxProfileLinks]model.ProfileLink
	ApproveFollowers           bool
	Discoverable               bool
	Timezone                   string
	RSVPPoll                   bool
	EmbedOrigins               string // one a line, as typed
}

// settingsFormFrom fills the form with what is saved.
func settingsFormFrom(s app.Settings) settingsForm {
	f := settingsForm{
		Coop: s.Actor.Handle, Name: s.Actor.Name, Bio: app.BioSource(s.Actor),
		ApproveFollowers: s.Actor.ManuallyApprovesFollowers, Discoverable: s.Actor.Discoverable,
		Timezone: s.Instance.DefaultTimezone, RSVPPoll: s.Instance.RSVPPollDefault,
		EmbedOrigins: strings.Join(s.Instance.EmbedOrigins, "\n"),
	}
	copy(f.Links[:], s.Actor.Links)
	return f
}

// readSettingsForm reads the form's fields.
func readSettingsForm(v url.Values) settingsForm {
	f := settingsForm{
		Coop: v.Get("coop"), Name: v.Get("name"), Bio: v.Get("bio"),
		RemoveAvatar: v.Has("remove_avatar"), RemoveHeader: v.Has("remove_header"),
		ApproveFollowers: v.Has("manually_approves_followers"), Discoverable: v.Has("discoverable"),
		Timezone: strings.TrimSpace(v.Get("default_timezone")), RSVPPoll: v.Has("rsvp_poll_default"),
		EmbedOrigins: v.Get("embed_origins"),
	}
	for i := range f.Links {
		f.Links[i] = model.ProfileLink{Name: v.Get(linkInput(i, "name")), URL: v.Get(linkInput(i, "url"))}
	}
	return f
}

func linkInput(i int, part string) string { return fmt.Sprintf("links[%d].%s", i, part) }

// params turns the form, and the pictures chosen in files, into what
// app.SaveSettings takes.
func (f settingsForm) params(files pictureFiles) (app.ProfileParams, model.InstanceSettings) {
	p := app.ProfileParams{
		Name: f.Name, Bio: f.Bio, Links: f.Links[:],
		ManuallyApprovesFollowers: f.ApproveFollowers, Discoverable: f.Discoverable,
		RemoveAvatar: f.RemoveAvatar, RemoveHeader: f.RemoveHeader,
	}
	if r := files["avatar"]; r != nil {
		p.Avatar = r
	}
	if r := files["header"]; r != nil {
		p.Header = r
	}
	return p, model.InstanceSettings{DefaultTimezone: f.Timezone, RSVPPollDefault: f.RSVPPoll,
		EmbedOrigins: strings.Fields(f.EmbedOrigins)}
}

// pictureFiles are the pictures chosen in the form, by input name.
type pictureFiles map[string]io.Reader

// openPictures opens the files chosen in the form's file inputs. A file
// input left empty still sends a part, without a name or bytes: it is
// not a picture. The caller closes what it returns.
func openPictures(m *multipart.Form) (pictureFiles, []io.Closer, error) {
	files, closers := pictureFiles{}, []io.Closer{}
	if m == nil {
		return files, closers, nil
	}
	for _, name := range []string{"avatar", "header"} {
		hs := m.File[name]
		if len(hs) == 0 || (hs[0].Size == 0 && hs[0].Filename == "") {
			continue
		}
		f, err := hs[0].Open()
		if err != nil {
			return nil, closers, fmt.Errorf("open uploaded %s: %w", name, err)
		}
		files[name], closers = f, append(closers, f)
	}
	return files, closers, nil
}

// linkRow is one link's inputs.
type linkRow struct {
	N         int // from 1, for the legend
	Name, URL *ui.Field
}

// form lays the settings out as inputs, in the order of the page, so
// that the errors are listed and the cursor put in that order. hasAvatar
// and hasHeader offer to remove the current pictures.
func (f settingsForm) form(hasAvatar, hasHeader bool) (*ui.Form, []linkRow) {
	out := &ui.Form{Action: settingsURL(f.Coop), Submit: "Save settings", Hidden: []ui.Hidden{{Name: "coop", Value: f.Coop}}}
	add := func(fl *ui.Field) *ui.Field {
		out.Fields = append(out.Fields, fl)
		return fl
	}
	add(&ui.Field{Name: "name", Label: "Name", Type: "text", Value: f.Name, Autocomplete: "organization",
		Hint: "The co-op’s name as people see it, up to 100 characters."})
	add(&ui.Field{Name: "bio", Label: "Bio", Type: "textarea", Rows: 5, Value: f.Bio,
		Hint: "A few lines about the co-op. Markdown: **bold**, *italics*, [a link](https://example.org); web addresses become links."})
	add(&ui.Field{Name: "avatar", Label: "Avatar", Type: "file",
		Hint: "A square picture, such as the co-op’s logo: PNG, JPEG or GIF, up to 8 MB. It is cropped to a square and made 400 × 400 pixels; hidden details in the file, such as where a photo was taken, are removed."})
	if hasAvatar {
		add(&ui.Field{Name: "remove_avatar", Label: "Remove the avatar", Type: "checkbox", Value: ui.Checkbox(f.RemoveAvatar)})
	}
	add(&ui.Field{Name: "header", Label: "Header image", Type: "file",
		Hint: "A wide picture across the top of the profile: PNG, JPEG or GIF, up to 8 MB. It is cropped to 3 by 1 and made 1500 × 500 pixels; hidden details are removed."})
	if hasHeader {
		add(&ui.Field{Name: "remove_header", Label: "Remove the header image", Type: "checkbox", Value: ui.Checkbox(f.RemoveHeader)})
	}
	rows := make([]linkRow, len(f.Links))
	for i, l := range f.Links {
		rows[i] = linkRow{N: i + 1,
			Name: add(&ui.Field{Name: linkInput(i, "name"), Label: "Label", Type: "text", Value: l.Name, Hint: "Such as Website."}),
			URL: add(&ui.Field{Name: linkInput(i, "url"), Label: "Web address", Type: "url", Value: l.URL, Verbatim: true,
				Hint: "Starting with https://."})}
	}
	add(&ui.Field{Name: "manually_approves_followers", Label: "New followers need approval", Type: "checkbox", Value: ui.Checkbox(f.ApproveFollowers),
		Hint: "Follow requests wait until an organiser accepts them. Otherwise anyone can follow at once."})
	add(&ui.Field{Name: "discoverable", Label: "Suggest the co-op in directories and search", Type: "checkbox", Value: ui.Checkbox(f.Discoverable),
		Hint: "Lets Mastodon list the account in its profile directory, and find its posts in search."})
	add(&ui.Field{Name: "default_timezone", Label: "Default time zone", Type: "text", Value: f.Timezone, Options: ui.ZoneOptions(), Verbatim: true,
		Hint: "New gatherings start in this zone, and each can be changed. Pick one from the list, or type another, such as Europe/Vienna; leave it empty to choose each time."})
	add(&ui.Field{Name: "rsvp_poll_default", Label: "New gatherings have an RSVP poll", Type: "checkbox", Value: ui.Checkbox(f.RSVPPoll),
		Hint: "Followers can answer going, maybe or not going from Mastodon. Each gathering can turn it off."})
	add(&ui.Field{Name: "embed_origins", Label: "Embedding allowed on", Type: "textarea", Rows: 3, Value: f.EmbedOrigins, Verbatim: true,
		Hint: "The websites that may show the network calendar in a frame, one a line, such as https://coop.example. Leave it empty and no site may frame it (the JSON feed and plain links work anywhere)."})
	return out, rows
}

// pictureInputs are the form's file inputs.
var pictureInputs = []string{"avatar", "header"}

// placeSettings shows each of err's mistakes (app joins them) next to its
// input, and reports whether all of them were a person's. chosen are the
// file inputs a picture was chosen in, which the form cannot show again.
func placeSettings(f *ui.Form, err error, chosen pictureFiles) bool {
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	for _, e := range errs {
		if !ui.PlaceErrors(f, e, func(name string) string { return name }) {
			return false
		}
	}
	for _, name := range pictureInputs {
		if fl := f.Field(name); fl != nil && fl.Error != "" {
			fl.Error += " Then choose a picture again: your browser does not keep a chosen file when a form comes back."
		} else if chosen[name] != nil && f.Problem == "" {
			f.Problem = "Nothing was saved. Once the fields below are right, choose your pictures again: your browser does not keep a chosen file when a form comes back."
		}
	}
	return true
}
