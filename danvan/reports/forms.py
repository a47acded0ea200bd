from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ScoreWeights


class WeightsForm(forms.ModelForm):
    class Meta:
        model = ScoreWeights
        fields = ["satisfaction", "on_time", "training", "field_days"]
        widgets = {name: forms.NumberInput(attrs={"min": 0, "max": 100}) for name in fields}

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields:
            value = data.get(name)
            if value is not None and value > 100:
                self.add_error(name, _("Mỗi trọng số từ 0 đến 100."))
        if not self.errors and sum(data.get(n) or 0 for n in self.Meta.fields) != 100:
            self.add_error("satisfaction", _("Tổng các trọng số phải bằng 100 (đang là %(n)d).") % {
                "n": sum(data.get(n) or 0 for n in self.Meta.fields)})  # fmt: skip
        return data
