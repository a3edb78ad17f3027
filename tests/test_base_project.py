from helpers import codes


def test_the_base_project_of_the_tests_is_clean(project_at):
    # Every rule test changes this project in one place; it must start without errors/warnings
    # other than the provisional framework group.
    _, diags = project_at()
    assert codes(diags) == {"QB0504"}
