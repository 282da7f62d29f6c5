// The HTML of /admin: nothing inline, one module script from this origin. Its own module so the dashboard's build
// can count it in the budget.
export const ADMIN_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Parley dashboard</title>
<link rel="icon" href="data:,">
<script type="module" src="/admin/app.js"></script>
</head>
<body>
<parley-admin></parley-admin>
<noscript>The Parley dashboard needs JavaScript.</noscript>
</body>
</html>
`;
