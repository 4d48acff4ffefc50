package webfinger

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrMalformedResource is wrapped by ParseResource's errors for a resource
// it cannot read; a server answers 400.
var ErrMalformedResource = errors.New("malformed WebFinger resource")

// ErrOtherHost is wrapped by ParseResource's errors for a well-formed
// resource on another host; a server answers 404, as for an unknown
// account.
var ErrOtherHost = errors.New("WebFinger resource is on another host")

// Kind tells the forms of resource apart.
type Kind int

const (
	// KindAcct is an account: acct:user@host.
	KindAcct Kind = iota + 1
	// KindURL is an http(s) URL, usually an actor id or profile page
	// (Mastodon looks accounts up that way too).
	KindURL
)

// Resource is a parsed WebFinger resource.
type Resource struct {
	Kind Kind
	// User is an acct resource's user part, percent-decoded, with its
	// case kept; "" for a URL.
	User string
	// Host is the resource's host in lower case, with its port if any.
	Host string
	// URL is a URL resource as given; "" for an acct.
	URL string
}

// ParseResource reads the resource parameter of a WebFinger query for our
// host. It accepts "acct:user@host" (the scheme and the host in any case;
// the bare "user@host" that Mastodon also accepts; never "@user@host") and
// absolute http(s) URLs. A resource it cannot read gives an error wrapping
// ErrMalformedResource; one for a host other than host, an error wrapping
// ErrOtherHost. Resolving a URL to an account is the caller's job.
func ParseResource(resource, host string) (Resource, error) {
	var (
		r   Resource
		err error
	)
	switch lower := strings.ToLower(resource); {
	case strings.HasPrefix(lower, "https://"), strings.HasPrefix(lower, "http://"):
		r, err = parseURLResource(resource)
	case strings.HasPrefix(lower, "acct:"):
		r, err = parseAcct(resource[len("acct:"):])
	case !strings.Contains(strings.SplitN(resource, "@", 2)[0], ":"):
		r, err = parseAcct(resource) // bare user@host: no scheme before the @
	default:
		err = fmt.Errorf("%w: %q is neither acct: nor an http(s) URL", ErrMalformedResource, resource)
	}
	if err != nil {
		return Resource{}, err
	}
	if !strings.EqualFold(r.Host, host) {
		return Resource{}, fmt.Errorf("%w: %q is not on %s", ErrOtherHost, resource, host)
	}
	return r, nil
}

func parseURLResource(resource string) (Resource, error) {
	u, err := url.Parse(resource)
	if err != nil || u.Host == "" || u.User != nil {
		return Resource{}, fmt.Errorf("%w: %q is not an absolute URL", ErrMalformedResource, resource)
	}
	return Resource{Kind: KindURL, Host: strings.ToLower(u.Host), URL: resource}, nil
}

func parseAcct(acct string) (Resource, error) {
	user, host, err := splitAcct(acct)
	if err != nil {
		return Resource{}, err
	}
	return Resource{Kind: KindAcct, User: user, Host: host}, nil
}

// splitAcct splits "user@host", percent-decoding the user part.
func splitAcct(acct string) (string, string, error) {
	user, host, ok := strings.Cut(acct, "@")
	if !ok || user == "" || host == "" || strings.Contains(host, "@") {
		return "", "", fmt.Errorf("%w: %q is not user@host", ErrMalformedResource, acct)
	}
	user, err := url.PathUnescape(user)
	if err != nil || strings.ContainsAny(user, "@/?#") || hasSpaceOrControl(user) {
		return "", "", fmt.Errorf("%w: bad user part in %q", ErrMalformedResource, acct)
	}
	if u, err := url.Parse("https://" + host); err != nil || u.Host != host || hasSpaceOrControl(host) {
		return "", "", fmt.Errorf("%w: bad host in %q", ErrMalformedResource, acct)
	}
	return user, strings.ToLower(host), nil
}

func hasSpaceOrControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f })
}

// SplitHandle splits a fediverse handle, "@user@host" or "user@host" (or
// "acct:user@host"), into its user part and its lower-case host.
func SplitHandle(handle string) (user, host string, err error) {
	h := strings.TrimSpace(handle)
	if len(h) >= len("acct:") && strings.EqualFold(h[:len("acct:")], "acct:") {
		h = h[len("acct:"):]
	} else {
		h = strings.TrimPrefix(h, "@")
	}
	user, host, err = splitAcct(h)
	if err != nil {
		return "", "", fmt.Errorf("split handle %q: %w", handle, err)
	}
	return user, host, nil
}

// URL returns the https WebFinger query for resource on host. A handle
// ("@user@host" or "user@host") becomes an acct: resource; a resource that
// already has a scheme (acct:, https:) is used as it is.
func URL(host, resource string) string {
	if lower := strings.ToLower(resource); !strings.HasPrefix(lower, "acct:") && !strings.Contains(lower, "://") {
		resource = "acct:" + strings.TrimPrefix(resource, "@")
	}
	u := url.URL{
		Scheme:   "https",
		Host:     host,
		Path:     "/.well-known/webfinger",
		RawQuery: url.Values{"resource": {resource}}.Encode(),
	}
	return u.String()
}
