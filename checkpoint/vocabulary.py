"""Words the pages show for stored codes (roles, verdicts, field names …), listed so the catalogs carry them."""
from .errors import N_

LABELS = (
    N_("officer"), N_("patrol"), N_("supervisor"), N_("admin"),
    N_("import"), N_("export"),
    N_("cleared"), N_("held"), N_("seized"), N_("referred"),
    N_("photo: auto"), N_("photo: document"), N_("photo: goods"),
    N_("invoice"), N_("packing_list"), N_("co"), N_("declaration"), N_("unknown"),
    N_("invoice_number"), N_("invoice_date"), N_("seller_name"), N_("buyer_name"), N_("total_amount"),
    N_("currency"), N_("hs_codes"), N_("reference_number"), N_("issue_date"), N_("exporter_name"),
    N_("consignee_name"), N_("origin_criterion"), N_("declaration_number"),
    N_("gate"), N_("direction"), N_("vehicle"), N_("verdict"), N_("note"), N_("password"), N_("username"),
    N_("role"), N_("photos"), N_("images"), N_("date"),
    N_("channel: green"), N_("channel: yellow"), N_("channel: red"),
    N_("severity: high"), N_("severity: medium"), N_("severity: low"), N_("severity: info"),
)
