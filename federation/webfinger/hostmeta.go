package webfinger

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// HostMetaContentType is the media type of the host-meta document.
const HostMetaContentType = "application/xrd+xml"

// HostMetaPath is where HostMeta is served.
const HostMetaPath = "/.well-known/host-meta"

// HostMeta builds the host-meta XRD document (RFC 6415) for baseURL
// ("https://coop.example"): one lrdd link whose template is the WebFinger
// query, for servers that still look WebFinger up that way.
func HostMeta(baseURL string) []byte {
	template := strings.TrimSuffix(baseURL, "/") + "/.well-known/webfinger?resource={uri}"
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">` + "\n")
	b.WriteString(`  <Link rel="lrdd" template="`)
	_ = xml.EscapeText(&b, []byte(template)) // a bytes.Buffer never fails to write
	b.WriteString(`"/>` + "\n</XRD>\n")
	return b.Bytes()
}
