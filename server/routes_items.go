package server

import "github.com/gofiber/fiber/v2"

// items are the handlers of one kind of record under a path, as the API
// names them: GET path lists, POST path creates, and on path/:id GET
// reads, PUT changes and DELETE removes. A nil handler is no route.
type items struct {
	list, create, get, update, remove fiber.Handler
}

// at registers the items' routes on r under path.
func (it items) at(r fiber.Router, path string) {
	for _, x := range []struct {
		method, path string
		h            fiber.Handler
	}{
		{fiber.MethodGet, path, it.list},
		{fiber.MethodPost, path, it.create},
		{fiber.MethodGet, path + "/:id", it.get},
		{fiber.MethodPut, path + "/:id", it.update},
		{fiber.MethodDelete, path + "/:id", it.remove},
	} {
		if x.h != nil {
			r.Add(x.method, x.path, x.h)
		}
	}
}

// pageItems are the same for the pages, whose forms can only GET and POST:
// an item's change posts to path/:id and its removal to path/:id/delete.
func (it items) pages(r fiber.Router, path string) {
	items{list: it.list, create: it.create, get: it.get}.at(r, path)
	if it.update != nil {
		r.Post(path+"/:id", it.update)
	}
	if it.remove != nil {
		r.Post(path+"/:id/delete", it.remove)
	}
}
