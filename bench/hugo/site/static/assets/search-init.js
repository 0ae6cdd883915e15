// Starts Pagefind's search UI on the search page (no inline script).
window.addEventListener("DOMContentLoaded", function () {
	new PagefindUI({ element: "#search", showSubResults: false });
});
