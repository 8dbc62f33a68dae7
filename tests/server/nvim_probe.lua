-- Opens a Markdown file with tablelint as its language server and prints the
-- diagnostics Neovim received. Works on Neovim 0.7 (start_client) and later.
local python = os.getenv("TABLELINT_PYTHON")
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("TABLELINT_FILE")))
local buf = vim.api.nvim_get_current_buf()
local config = {
  name = "tablelint",
  cmd = { python, "-m", "tablelint", "server" },
  root_dir = vim.fn.getcwd(),
  settings = { tablelint = { debounceMs = 0 } },
}
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config, { bufnr = buf })
else
  client_id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(buf, client_id)
end
vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
vim.wait(1000, function() return false end, 50)  -- let a later publication replace the first
local diagnostics = vim.diagnostic.get(buf)
io.stdout:write("DIAGNOSTICS " .. #diagnostics .. "\n")
for _, d in ipairs(diagnostics) do
  io.stdout:write(string.format("%s %d:%d\n", d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?", d.lnum, d.col))
end
vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd("qall!")
