import doctest

import pytest

from glassnet import activations, initializers, losses, optimizers, registry
from glassnet.registry import Registry, format_rows, normalize


class Colour:
    def __init__(self, hex_code):
        self.hex_code = hex_code


@pytest.fixture
def colours():
    reg = Registry("colour", Colour)
    reg.register(Colour("#ff0000"), "red", aliases=("rouge", "rot"))
    reg.register(Colour("#00ff00"), "green")
    reg.register(Colour("#0000ff"), "dark_blue", aliases=("navy",))
    return reg


def test_names_keep_the_order_registered_and_aliases_are_per_entry(colours):
    assert colours.names() == ["red", "green", "dark_blue"]
    assert colours.aliases("red") == ["rouge", "rot"]
    assert colours.aliases("green") == []


def test_aliases_give_the_same_object(colours):
    assert colours.get("rouge") is colours.get("red") is colours.get("rot")
    assert colours.get("navy") is colours.get("dark_blue")


@pytest.mark.parametrize("spelling", [
    "dark_blue", "Dark-Blue", "DARK BLUE", "  dark-blue ", "Dark_Blue",
])
def test_names_are_normalized_one_way(spelling, colours):
    assert colours.get(spelling) is colours.get("dark_blue")


def test_normalize():
    assert normalize(" Leaky-ReLU ") == "leaky_relu"
    assert normalize("binary cross-entropy") == "binary_cross_entropy"


def test_an_instance_is_returned_as_it_is(colours):
    mine = Colour("#123456")
    assert colours.get(mine) is mine


def test_the_error_names_the_kind_lists_the_choices_and_suggests(colours):
    with pytest.raises(ValueError) as info:
        colours.get("gren")
    assert str(info.value) == (
        "unknown colour 'gren'; valid names are: red, green, dark_blue "
        "(aliases: navy, rot, rouge); did you mean 'green'?"
    )


def test_the_suggestion_can_be_an_alias_and_is_left_out_when_nothing_is_close(colours):
    with pytest.raises(ValueError, match="did you mean 'navy'"):
        colours.get("Navvy")
    with pytest.raises(ValueError) as info:
        colours.get("ultraviolet")
    assert "did you mean" not in str(info.value)


def test_other_types_are_a_type_error(colours):
    with pytest.raises(TypeError, match="colour must be a name \\(str\\) or a Colour, got int"):
        colours.get(3)
    names_only = Registry("shape")
    with pytest.raises(TypeError, match="shape must be a name \\(str\\), got Colour"):
        names_only.get(Colour("#000000"))


def test_a_name_cannot_be_taken_twice_but_an_entry_can_be_replaced(colours):
    with pytest.raises(ValueError, match="colour name 'rouge' is already taken by 'red'"):
        colours.register(Colour("#ff00ff"), "magenta", aliases=("Rouge",))
    with pytest.raises(ValueError, match="colour name 'green' is already taken by 'green'"):
        colours.register(Colour("#00aa00"), "lime", aliases=("green",))
    assert "magenta" not in colours.names() and "lime" not in colours.names()
    darker = colours.register(Colour("#aa0000"), "red")
    assert colours.get("rouge") is darker
    assert colours.names() == ["red", "green", "dark_blue"]


def test_table_and_its_text(colours):
    rows = colours.table(code="hex_code")
    assert rows[0] == {"name": "red", "aliases": "rouge, rot", "code": "#ff0000"}
    text = format_rows(rows, {"name": "name", "code": "hex"})
    assert text.splitlines() == [
        "name       hex",
        "---------  -------",
        "red        #ff0000",
        "green      #00ff00",
        "dark_blue  #0000ff",
    ]


def test_docstring_examples():
    result = doctest.testmod(registry, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


# --- the four registries of the library behave alike ------------------------


@pytest.mark.parametrize("get, spelling, canonical", [
    (activations.get, "Logistic", "sigmoid"),
    (activations.get, "Leaky ReLU", "leaky_relu"),
    (losses.get, "MSE", "mean_squared_error"),
    (losses.get, "Log-Loss", "binary_cross_entropy"),
    (initializers.get, "Xavier-Uniform", "glorot_uniform"),
    (initializers.get, "HE_NORMAL", "he_normal"),
])
def test_every_registry_normalizes_and_resolves_aliases(get, spelling, canonical):
    assert get(spelling) is get(canonical)


def test_optimizers_are_built_from_any_spelling():
    assert type(optimizers.get("SGD", momentum=0.5)) is optimizers.SGD
    assert type(optimizers.get("RMSProp")) is optimizers.RMSprop
    adam = optimizers.Adam()
    assert optimizers.get(adam) is adam


@pytest.mark.parametrize("get, typo, kind, suggestion", [
    (activations.get, "tanhh", "activation", "tanh"),
    (losses.get, "cross_entropi", "loss", "cross_entropy"),
    (initializers.get, "he_unifrom", "init", "he_uniform"),
    (optimizers.get, "adamm", "optimizer", "adam"),
])
def test_every_registry_has_the_same_error(get, typo, kind, suggestion):
    with pytest.raises(ValueError,
                       match=f"^unknown {kind} '{typo}'; valid names are: .*"
                             f"; did you mean '{suggestion}'\\?$"):
        get(typo)


def test_library_entries_are_their_own_instances():
    relu, mse = activations.get("relu"), losses.get("mse")
    assert activations.get(relu) is relu
    assert losses.get(mse) is mse
