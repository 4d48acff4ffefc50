package ap

import (
	"encoding/json"
	"net/http"

	"github.com/gather-coop/gather/federation/webfinger"
	"github.com/gather-coop/gather/internal/web/respond"
)

func (h *handler) nodeInfoLinks(w http.ResponseWriter, r *http.Request) {
	urls := h.App.URLs()
	w.Header().Set("Access-Control-Allow-Origin", "*")
	respond.JSON(w, http.StatusOK, webfinger.NodeInfoLinks(urls.Base, urls.InstanceActor()))
}

func (h *handler) nodeInfo(w http.ResponseWriter, r *http.Request) {
	info, err := h.App.NodeInfo(r.Context())
	if err != nil {
		respond.TextError(w, r, h.Log, err)
		return
	}
	body, err := json.Marshal(info)
	if err != nil {
		respond.TextError(w, r, h.Log, err)
		return
	}
	w.Header().Set("Content-Type", `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"`)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = w.Write(body)
}

func (h *handler) hostMeta(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", webfinger.HostMetaContentType+"; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = w.Write(webfinger.HostMeta(h.App.URLs().Base))
}
