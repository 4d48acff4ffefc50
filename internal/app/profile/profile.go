package profile

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/webfinger"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/app/picture"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// ProfileParams are what an organiser can change about a co-op account:
// the whole profile, except that a picture stays unless a new one is
// given or it is removed.
type ProfileParams struct {
	Name string
	// Bio is the profile text as Markdown, rendered and sanitised into
	// the actor's summary and kept as typed. When it is empty,
	// SummaryHTML (sanitised) is the summary instead.
	Bio                       string
	SummaryHTML               string
	ManuallyApprovesFollowers bool
	Discoverable              bool
	// Links are the profile's links, in order, at most
	// model.MaxProfileLinks; entries with neither name nor URL are left
	// out. Mistakes name an entry by its index here: "links[1].url".
	Links []model.ProfileLink
	// Avatar and Header are new pictures as uploaded: PNG, JPEG or GIF,
	// at most picture.MaxUploadBytes, and picture.MaxUploadSide pixels a side. They are
	// stored re-encoded (see picture.Upload.Render). Nil keeps the current
	// picture, unless RemoveAvatar or RemoveHeader drops it.
	Avatar, Header             io.Reader
	RemoveAvatar, RemoveHeader bool
}

// Length limits of a profile, in characters. Links are Mastodon's, so
// that its servers show them whole.
const (
	maxActorName   = 100
	maxBio         = 2000
	maxSummaryHTML = 5000 // the HTML, rendered or given
	maxLinkName    = 255
	maxLinkURL     = 255
)

// UpdateProfile changes a co-op account and tells its followers with an
// Update of the actor, so their servers refresh their copy. Mistakes a
// person can fix come back together, as errors.Join of one
// *apperr.ValidationError per field.
func (s *Service) UpdateProfile(ctx context.Context, handle string, p ProfileParams) (model.Actor, error) {
	if err := s.acct.AuthorizeHandle(ctx, handle, account.Write); err != nil {
		return model.Actor{}, err
	}
	return s.saveProfile(ctx, handle, p, nil)
}

// Settings is what the admin's settings page shows.
type Settings struct {
	Actor    model.Actor   // the co-op account shown
	Coops    []model.Actor // every co-op account, oldest first
	Instance model.InstanceSettings
}

// Settings returns to an admin (by) the profile of the co-op handle (the
// instance's first co-op when handle is "") and the instance settings.
// Anyone else gets apperr.ErrForbidden.
func (s *Service) Settings(ctx context.Context, by model.User, handle string) (Settings, error) {
	if by.Role != model.RoleAdmin {
		return Settings{}, apperr.ErrForbidden
	}
	coops, err := s.store.ActorList(ctx, model.ActorGroup)
	if err != nil {
		return Settings{}, err
	}
	out := Settings{Coops: coops}
	for _, c := range coops {
		if handle == "" || strings.EqualFold(c.Handle, handle) {
			out.Actor = c
			break
		}
	}
	if out.Actor.ID == 0 {
		return Settings{}, fmt.Errorf("co-op %q: %w", handle, store.ErrNotFound)
	}
	out.Instance, err = s.InstanceSettings(ctx)
	return out, err
}

// SaveSettings lets an admin (by) change the profile of the co-op handle,
// as UpdateProfile does, and the instance settings set, together: all is
// saved or nothing is. Anyone else gets apperr.ErrForbidden.
func (s *Service) SaveSettings(ctx context.Context, by model.User, handle string, p ProfileParams, set model.InstanceSettings) (model.Actor, error) {
	if by.Role != model.RoleAdmin {
		return model.Actor{}, apperr.ErrForbidden
	}
	return s.saveProfile(ctx, handle, p, &set)
}

// InstanceSettings returns the instance settings. Any organiser may read
// them: the gathering editor starts new gatherings with them.
func (s *Service) InstanceSettings(ctx context.Context) (model.InstanceSettings, error) {
	set, err := s.store.InstanceSettingsGet(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return model.DefaultInstanceSettings(), nil
	}
	return set, err
}

// BioSource is the bio of actor to show in an editor: as it was typed, or
// for a summary given as HTML, its text.
func BioSource(actor model.Actor) string {
	if actor.SummarySource != "" || actor.Summary == "" {
		return actor.SummarySource
	}
	return htmlText(actor.Summary)
}

var (
	paragraphEnd = regexp.MustCompile(`(?i)</p\s*>|<br\s*/?>`)
	anyTag       = regexp.MustCompile(`<[^>]*>`)
	blankLines   = regexp.MustCompile(`\n{3,}`)
)

// htmlText is the text of sanitised HTML, paragraphs kept apart.
func htmlText(s string) string {
	s = paragraphEnd.ReplaceAllString(s, "\n\n")
	s = html.UnescapeString(anyTag.ReplaceAllString(s, ""))
	return strings.TrimSpace(blankLines.ReplaceAllString(s, "\n\n"))
}

// profile is a profile checked and cleaned, ready to store.
type profile struct {
	name, summary, source string
	links                 []model.ProfileLink
}

// checkProfile cleans p and returns every mistake in it.
func checkProfile(p ProfileParams) (profile, []error) {
	var errs []error
	out := profile{name: strings.TrimSpace(p.Name)}
	if out.name == "" || utf8.RuneCountInString(out.name) > maxActorName {
		errs = append(errs, apperr.Invalid("name", "give a name of 1 to %d characters", maxActorName))
	}
	if strings.TrimSpace(p.Bio) != "" {
		out.source = strings.TrimSpace(strings.ReplaceAll(p.Bio, "\r\n", "\n"))
		if utf8.RuneCountInString(out.source) > maxBio {
			errs = append(errs, apperr.Invalid("bio", "keep the bio under %d characters", maxBio))
		}
		if out.summary = string(event.RenderMarkdown(out.source)); len(out.summary) > maxSummaryHTML && len(errs) == 0 {
			errs = append(errs, apperr.Invalid("bio", "keep the bio shorter: it is over %d characters once formatted", maxSummaryHTML))
		}
	} else if len(p.SummaryHTML) > maxSummaryHTML {
		errs = append(errs, apperr.Invalid("summary", "keep the bio under %d characters", maxSummaryHTML))
	} else {
		out.summary = string(event.SanitizeHTML(p.SummaryHTML))
	}
	var links []model.ProfileLink
	for i, l := range p.Links {
		l = model.ProfileLink{Name: strings.TrimSpace(l.Name), URL: strings.TrimSpace(l.URL)}
		if l.Name == "" && l.URL == "" {
			continue
		}
		if len(links) == model.MaxProfileLinks {
			errs = append(errs, apperr.Invalid("links", "give at most %d links", model.MaxProfileLinks))
			break
		}
		errs = append(errs, checkLink(i, l)...)
		links = append(links, l)
	}
	out.links = links
	return out, errs
}

func checkLink(i int, l model.ProfileLink) []error {
	var errs []error
	field, n := fmt.Sprintf("links[%d]", i), i+1
	switch {
	case l.Name == "":
		errs = append(errs, apperr.Invalid(field+".name", "give link %d a label, such as Website", n))
	case utf8.RuneCountInString(l.Name) > maxLinkName:
		errs = append(errs, apperr.Invalid(field+".name", "keep the label of link %d under %d characters", n, maxLinkName))
	}
	switch {
	case l.URL == "":
		errs = append(errs, apperr.Invalid(field+".url", "give link %d its web address, starting with https://", n))
	case utf8.RuneCountInString(l.URL) > maxLinkURL:
		errs = append(errs, apperr.Invalid(field+".url", "keep the address of link %d under %d characters", n, maxLinkURL))
	default:
		if err := input.CheckURL(field+".url", l.URL); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// checkInstanceSettings cleans s and returns its mistakes, if any.
func checkInstanceSettings(s *model.InstanceSettings) []error {
	var errs []error
	s.DefaultTimezone = strings.TrimSpace(s.DefaultTimezone)
	if s.DefaultTimezone != "" {
		if _, err := time.LoadLocation(s.DefaultTimezone); err != nil || s.DefaultTimezone == "Local" {
			errs = append(errs, apperr.Invalid("default_timezone", "%q is not a time zone name such as Europe/London", s.DefaultTimezone))
		}
	}
	origins, err := cleanOrigins(s.EmbedOrigins)
	if err != nil {
		errs = append(errs, err)
	}
	s.EmbedOrigins = origins
	return errs
}

// cleanOrigins checks that each of list is an origin, the only thing a
// browser compares frame-ancestors with: a path, a query or a wildcard
// would be ignored or widen it, so each is refused rather than dropped.
func cleanOrigins(list []string) ([]string, error) {
	var out []string
	for _, o := range list {
		o = strings.TrimRight(strings.TrimSpace(o), "/")
		if o == "" || slices.Contains(out, o) {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
			u.Path != "" || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(u.Host, "*;' ") {
			return nil, apperr.Invalid("embed_origins", "%q is not a site address: give only the scheme and host, like https://coop.example or https://coop.example:8443", o)
		}
		out = append(out, strings.ToLower(u.Scheme+"://"+u.Host))
	}
	return out, nil
}

// pictureChange is what happens to one of the profile's pictures.
type pictureChange struct {
	upload *picture.Upload // a new picture, or nil
	remove bool
	stored model.Picture // the new picture once written
}

// apply returns the picture to keep instead of current.
func (c *pictureChange) apply(current model.Picture) model.Picture {
	switch {
	case c.upload != nil:
		return c.stored
	case c.remove:
		return model.Picture{}
	}
	return current
}

// saveProfile checks and saves a profile (and, when given, the instance
// settings), stores new pictures, and sends the actor to its followers.
func (s *Service) saveProfile(ctx context.Context, handle string, p ProfileParams, settings *model.InstanceSettings) (model.Actor, error) {
	actor, err := s.acct.Actor(ctx, handle)
	if err != nil {
		return model.Actor{}, err
	}
	prof, errs := checkProfile(p)
	if settings != nil {
		errs = append(errs, checkInstanceSettings(settings)...)
	}
	avatar := &pictureChange{remove: p.RemoveAvatar}
	header := &pictureChange{remove: p.RemoveHeader}
	for _, c := range []struct {
		change *pictureChange
		spec   picture.Spec
		body   io.Reader
	}{{avatar, picture.Avatar, p.Avatar}, {header, picture.Header, p.Header}} {
		if c.body == nil {
			continue
		}
		if c.change.upload, err = picture.Read(c.spec, c.body); err != nil {
			if !isInvalid(err) {
				return model.Actor{}, err
			}
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return model.Actor{}, errors.Join(errs...)
	}
	if err := s.storePictures(avatar, header); err != nil {
		return model.Actor{}, err
	}
	written := []model.Picture{avatar.stored, header.stored}
	var before model.Actor
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		// The pictures this save replaces are those stored now, not
		// when the form was read: another save may have come between.
		if before, err = tx.ActorGetByID(ctx, actor.ID); err != nil {
			return err
		}
		if actor, err = tx.ActorUpdate(ctx, &store.ActorUpdateParams{ID: actor.ID, Name: prof.name, Summary: prof.summary,
			ManuallyApprovesFollowers: p.ManuallyApprovesFollowers, Discoverable: p.Discoverable}); err != nil {
			return err
		}
		if actor, err = tx.ActorProfileSet(ctx, &store.ActorProfileSetParams{ID: actor.ID, SummarySource: prof.source,
			Avatar: avatar.apply(before.Avatar), Header: header.apply(before.Header), Links: prof.links}); err != nil {
			return err
		}
		if settings != nil {
			if err := tx.InstanceSettingsSave(ctx, settings); err != nil {
				return err
			}
			if err := s.acct.Audit(ctx, tx, nil, account.AuditSettingsSave, "instance settings", ""); err != nil {
				return err
			}
		}
		if err := s.acct.Audit(ctx, tx, &actor, account.AuditProfileSave, "@"+actor.Handle, ""); err != nil {
			return err
		}
		s.changed() // pages and Events show the co-op's name
		doc, err := s.actorDocument(actor)
		if err != nil {
			return err
		}
		return s.fed.SendToFollowers(ctx, tx, actor, "Update", s.urls.Actor(actor.Handle), doc)
	})
	if err != nil {
		s.media.Remove(ctx, written...)
		return model.Actor{}, fmt.Errorf("save profile of %s: %w", handle, err)
	}
	for _, old := range []model.Picture{before.Avatar, before.Header} {
		if old != actor.Avatar && old != actor.Header {
			s.media.Remove(ctx, old)
		}
	}
	return actor, nil
}

// storePictures renders and writes the new pictures among changes. If any
// cannot be read, none is kept, and the mistakes come back together.
func (s *Service) storePictures(changes ...*pictureChange) error {
	var errs []error
	for _, c := range changes {
		if c.upload == nil {
			continue
		}
		r, err := c.upload.Render()
		if err == nil {
			c.stored, err = s.media.Store(r)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	for _, c := range changes {
		s.media.Remove(context.Background(), c.stored)
		c.stored = model.Picture{}
	}
	return errors.Join(errs...)
}

// isInvalid reports whether err is a person's mistake.
func isInvalid(err error) bool {
	var v *apperr.ValidationError
	return errors.As(err, &v)
}

// actorPictures are actor's avatar and header as its document shows
// them; nil for none.
func (s *Service) actorPictures(actor model.Actor) (icon, image *federation.Image) {
	if !actor.Avatar.IsZero() {
		icon = &federation.Image{URL: s.pictureURL(actor.Avatar), MediaType: actor.Avatar.MediaType}
	}
	if !actor.Header.IsZero() {
		image = &federation.Image{URL: s.pictureURL(actor.Header), MediaType: actor.Header.MediaType}
	}
	return icon, image
}

// actorLinks are actor's links as its document shows them: each value a
// link as Mastodon writes its own, with rel="me" so that the page linked
// to can confirm it is the co-op's.
func actorLinks(actor model.Actor) []federation.PropertyValue {
	out := make([]federation.PropertyValue, 0, len(actor.Links))
	for _, l := range actor.Links {
		out = append(out, federation.PropertyValue{Name: l.Name, ValueHTML: LinkHTML(l.URL)})
	}
	return out
}

// LinkHTML is a profile link's URL as HTML: a link showing the address
// without its scheme.
func LinkHTML(u string) string {
	return `<a href="` + html.EscapeString(u) + `" target="_blank" rel="me nofollow noopener">` +
		html.EscapeString(LinkText(u)) + `</a>`
}

// LinkText is how a profile link's URL reads: without http(s):// or a
// lone trailing slash.
func LinkText(u string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if strings.Count(s, "/") == 1 && strings.HasSuffix(s, "/") {
		s = strings.TrimSuffix(s, "/")
	}
	return s
}

// ActorDocument returns the ActivityStreams document of a co-op actor.
func (s *Service) ActorDocument(ctx context.Context, handle string) ([]byte, error) {
	actor, err := s.acct.Actor(ctx, handle)
	if err != nil {
		return nil, err
	}
	return s.actorDocument(actor)
}

func (s *Service) actorDocument(actor model.Actor) ([]byte, error) {
	icon, image := s.actorPictures(actor)
	return federation.ActorJSON(federation.Actor{
		ID: s.urls.Actor(actor.Handle), Type: string(model.ActorGroup), PreferredUsername: actor.Handle,
		Name: actor.Name, SummaryHTML: actor.Summary, URL: s.urls.Profile(actor.Handle),
		Inbox: s.urls.Inbox(actor.Handle), Outbox: s.urls.Outbox(actor.Handle),
		Followers: s.urls.Followers(actor.Handle), Following: s.urls.Following(actor.Handle),
		Featured:    s.urls.Featured(actor.Handle),
		SharedInbox: s.urls.SharedInbox(), PublicKeyID: s.urls.Key(actor.Handle), PublicKeyPEM: actor.PublicKeyPEM,
		ManuallyApprovesFollowers: actor.ManuallyApprovesFollowers, Discoverable: actor.Discoverable, Indexable: actor.Discoverable,
		Published: actor.CreatedAt, Icon: icon, Image: image, Links: actorLinks(actor),
	})
}

// InstanceActorDocument returns the document of the instance actor, the
// Application that signs our fetches and that event-aware servers follow
// to follow the instance.
func (s *Service) InstanceActorDocument(ctx context.Context) ([]byte, error) {
	actor, err := s.store.ActorGetByHandle(ctx, localurl.InstanceHandle)
	if err != nil {
		return nil, err
	}
	host := s.urls.Host()
	return federation.ActorJSON(federation.Actor{
		ID: s.urls.InstanceActor(), Type: string(model.ActorApplication), PreferredUsername: host,
		Name: actor.Name, URL: s.urls.Base + "/",
		Inbox: s.urls.SharedInbox(), Outbox: s.urls.InstanceActor() + "/outbox", SharedInbox: s.urls.SharedInbox(),
		PublicKeyID: s.urls.InstanceKey(), PublicKeyPEM: actor.PublicKeyPEM,
		ManuallyApprovesFollowers: false, Published: actor.CreatedAt,
	})
}

// WebFinger resolves an account on this instance to its JRD: a co-op by
// acct:handle@host, by actor id or by profile URL; the instance actor by
// acct:host@host or its id.
func (s *Service) WebFinger(ctx context.Context, r webfinger.Resource) (webfinger.JRD, error) {
	handle := r.User
	if r.Kind == webfinger.KindURL {
		switch {
		case r.URL == s.urls.InstanceActor():
			handle = s.urls.Host()
		case s.urls.HandleOf(r.URL) != "":
			handle = s.urls.HandleOf(r.URL)
		case strings.HasPrefix(r.URL, s.urls.Base+"/@"):
			handle = strings.TrimPrefix(r.URL, s.urls.Base+"/@")
		default:
			return webfinger.JRD{}, webfinger.ErrNotFound
		}
	}
	subscribe := s.urls.Base + "/authorize_interaction?uri={uri}"
	if strings.EqualFold(handle, s.urls.Host()) || strings.EqualFold(handle, strings.Split(s.urls.Host(), ":")[0]) {
		return webfinger.ActorJRD("acct:"+s.urls.Host()+"@"+s.urls.Host(), s.urls.InstanceActor(), s.urls.Base+"/", subscribe), nil
	}
	actor, err := s.acct.Actor(ctx, handle)
	if errors.Is(err, store.ErrNotFound) {
		return webfinger.JRD{}, webfinger.ErrNotFound
	}
	if err != nil {
		return webfinger.JRD{}, err
	}
	return webfinger.ActorJRD("acct:"+actor.Handle+"@"+s.urls.Host(), s.urls.Actor(actor.Handle),
		s.urls.Profile(actor.Handle), subscribe), nil
}

// NodeInfo describes this server for other servers' "software" labels.
func (s *Service) NodeInfo(ctx context.Context) (webfinger.NodeInfo, error) {
	groups, err := s.store.ActorList(ctx, model.ActorGroup)
	if err != nil {
		return webfinger.NodeInfo{}, err
	}
	name := s.urls.Host()
	if len(groups) > 0 {
		name = groups[0].Name
	}
	return webfinger.NodeInfo{
		Software: webfinger.Software{Version: s.version},
		Usage:    webfinger.Usage{Users: webfinger.Users{Total: len(groups), ActiveMonth: len(groups), ActiveHalfyear: len(groups)}},
		Metadata: webfinger.Metadata{NodeName: name, NodeDescription: "Gather: events for the co-operative movement"},
	}, nil
}

// pictureURL is the public address of p, or "" for no picture.
func (s *Service) pictureURL(p model.Picture) string {
	if p.IsZero() {
		return ""
	}
	return s.urls.Media(p.File)
}
